// C-RNN-GAN features → MIDI (spec §2.5, music_data_utils.get_midi_pattern): 384 PPQ, one track, 45 BPM, float
// running time, pitch by int() or round, deltas rounded from float differences. Generated songs are judged on this.
import { encodeSmf, tempoEvent } from '../midi/smfWrite'
import { hzToMidi } from '../music/pitch'
import type { Note, Song } from '../music/song'
import type { NoteId, TrackId } from '../music/units'
import { featureCount, type TonesPerCell } from './cells'

/** How a frequency becomes a MIDI pitch: 'faithful' = int() truncation as the original; 'corrected' = rounding. */
export type PitchMode = 'faithful' | 'corrected'

/** Options for {@link cellsToSong} and {@link cellsToMidiBytes}. */
export interface CellsToMidiOptions {
  readonly tonesPerCell: TonesPerCell
  readonly pitchMode: PitchMode
  /** Song and track name for {@link cellsToSong}. Default 'generated'. (The MIDI bytes carry no name, as the original.) */
  readonly name?: string
  /**
   * The first `realCells` cells are real music (e.g. a primer), not generator output: their pitch is always
   * recovered by rounding, because int() of a float32 semitone frequency is a semitone low for 85 of 128 pitches
   * (spec §2.5). Default 0.
   */
  readonly realCells?: number
}

/** Resolution of written files (ticks per quarter). */
export const WRITER_PPQ = 384
/** The single tempo of written files, in BPM. */
export const WRITER_BPM = 45

/** Python 2's round(): half away from zero (the 2016 code is Python 2: it imports urllib2 and uses xrange). */
export function pyRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x))
}

/** Integer MIDI pitch 0..127 for `freq` (> 0, finite): int() or round, then folded into range by octaves. */
export function pitchOf(freq: number, mode: PitchMode): number {
  const f = hzToMidi(freq)
  let p = mode === 'faithful' ? Math.trunc(f) : Math.round(f)
  // The original loops ±12; the modular form gives the same pitch without looping on huge values.
  if (p < 0) p += 12 * Math.ceil(-p / 12)
  if (p > 127) p -= 12 * Math.ceil((p - 127) / 12)
  return p
}

interface DecodedEvent {
  readonly time: number
  readonly on: boolean
  readonly note: number
}

interface Decoded {
  readonly notes: { pitch: number; velocity: number }[]
  /** Events in file order with their integer ticks. */
  readonly events: (DecodedEvent & { tick: number })[]
}

/** The §2.5 pipeline up to integer ticks; shared so the Song and the bytes cannot disagree. */
function decode(data: Float32Array, cells: number, opts: CellsToMidiOptions): Decoded {
  const k = opts.tonesPerCell
  const f = featureCount(k)
  if (!Number.isInteger(cells) || cells < 0) throw new Error(`cells must be an integer ≥ 0, got ${cells}`)
  if (data.length < cells * f)
    throw new Error(`data holds ${data.length} values, fewer than cells·F = ${cells}·${f} = ${cells * f}`)
  if (opts.pitchMode !== 'faithful' && opts.pitchMode !== 'corrected')
    throw new Error(`pitchMode must be 'faithful' or 'corrected', got ${String(opts.pitchMode)}`)
  const realCells = opts.realCells ?? 0
  if (!Number.isInteger(realCells) || realCells < 0)
    throw new Error(`realCells must be an integer ≥ 0, got ${realCells}`)
  const notes: { pitch: number; velocity: number }[] = []
  const raw: DecodedEvent[] = []
  let a = 0
  for (let c = 0; c < cells; c++) {
    const row = c * f
    const mode: PitchMode = c < realCells ? 'corrected' : opts.pitchMode
    const dt = data[row]
    // A non-finite dt would poison every later time; the original would crash, we skip it.
    if (Number.isFinite(dt)) a += dt
    for (let j = 0; j < k; j++) {
      const len = data[row + 1 + 3 * j]
      const freq = data[row + 2 + 3 * j]
      const vel = data[row + 3 + 3 * j]
      if (!Number.isFinite(len) || !Number.isFinite(freq) || !Number.isFinite(vel)) continue
      const length = pyRound(len)
      const velocity = Math.min(pyRound(vel), 127)
      if (!(freq > 0 && velocity > 0 && length > 0)) continue
      const note = notes.length
      notes.push({ pitch: pitchOf(freq, mode), velocity })
      raw.push({ time: a, on: true, note }, { time: a + length, on: false, note })
    }
  }
  raw.sort((x, y) => x.time - y.time) // stable, like Python's list.sort
  let last = 0
  let tick = 0
  const events = raw.map((e) => {
    // Each delta is rounded from float times; only the very first can be negative (dt < 0 at the start), which
    // python-midi would write as garbage, so it is clamped to 0.
    tick += Math.max(0, pyRound(e.time - last))
    last = e.time
    return { ...e, tick }
  })
  return { notes, events }
}

/**
 * Decodes `cells` rows of `data` ([cells, 3K+1] row-major, raw units: ticks, Hz, velocity) into a one-track Song at
 * 384 PPQ and 45 BPM holding exactly the notes {@link cellsToMidiBytes} writes (same integer ticks; a note whose
 * on/off ticks coincide after rounding gets 1 tick). Tones with freq, rounded velocity or rounded length ≤ 0 are
 * skipped (that is how an "absent" C-RNN-GAN-3 slot is encoded).
 * @example cellsToSong(sample, 100, { tonesPerCell: 1, pitchMode: 'corrected' })
 */
export function cellsToSong(data: Float32Array, cells: number, opts: CellsToMidiOptions): Song {
  const { notes, events } = decode(data, cells, opts)
  const start = new Array<number>(notes.length)
  const end = new Array<number>(notes.length)
  for (const e of events) (e.on ? start : end)[e.note] = e.tick
  const sorted = notes
    .map((n, i) => ({ ...n, startTick: start[i], durationTicks: Math.max(1, end[i] - start[i]) }))
    .sort((x, y) => x.startTick - y.startTick || x.pitch - y.pitch)
  const trackNotes: Note[] = sorted.map((n, i) => ({ ...n, id: `t0n${i}` as NoteId }))
  const name = opts.name ?? 'generated'
  return {
    name,
    ppq: WRITER_PPQ,
    tempos: [{ tick: 0, bpm: WRITER_BPM }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: [{ id: 't0' as TrackId, name, channel: 0, program: 0, notes: trackNotes }],
  }
}

/**
 * Writes `cells` rows of `data` as a one-track MIDI file exactly per spec §2.5: SetTempo 45 BPM at tick 0, then
 * NoteOn/NoteOff (channel 0, off velocity 0) sorted stably by float time with deltas = round(t_k − t_{k−1}),
 * End-of-track 384 ticks after the last event. No program change, no pitch bend (the original computes but never
 * writes it).
 */
export function cellsToMidiBytes(data: Float32Array, cells: number, opts: CellsToMidiOptions): Uint8Array {
  const { notes, events } = decode(data, cells, opts)
  const out = [{ tick: 0, bytes: tempoEvent(WRITER_BPM) }]
  for (const e of events) {
    const n = notes[e.note]
    out.push({ tick: e.tick, bytes: e.on ? [0x90, n.pitch, n.velocity] : [0x80, n.pitch, 0] })
  }
  const lastTick = events.length > 0 ? events[events.length - 1].tick : 0
  return encodeSmf(0, WRITER_PPQ, [{ events: out, endTick: lastTick + WRITER_PPQ }])
}
