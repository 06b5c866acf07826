// Standard MIDI File bytes → Song (the studio's model): notes paired per track and channel, tempo map,
// time signatures, names, programs. Built on the checked parser in smfParse.ts so garbage always throws.
import {
  CC,
  type ControllerEvent,
  DEFAULT_BPM,
  type Note,
  type Song,
  type TempoEvent,
  type TimeSignatureEvent,
  type Track,
} from '../music/song'
import type { NoteId, TrackId } from '../music/units'
import { MidiFormatError } from './errors'
import { parseSmf, type SmfEvent, type SmfFile } from './smfParse'

/** Options for {@link readSong}. */
export interface ReadSongOptions {
  /** Song name (also used in error messages); defaults to the first track's name in the file, else 'untitled'. */
  readonly name?: string
  /** Refuse inputs larger than this many bytes (reason 'too-large'). Default {@link DEFAULT_MAX_MIDI_BYTES}. */
  readonly maxBytes?: number
}

/** Default upper bound for one MIDI file: 16 MiB (the largest corpus file is far smaller). */
export const DEFAULT_MAX_MIDI_BYTES = 16 * 1024 * 1024

interface RawNote {
  pitch: number
  startTick: number
  durationTicks: number
  velocity: number
}

/** Pairs note-ons with note-offs of one file track, per channel: an off closes the earliest open same pitch. */
function pairNotes(events: readonly SmfEvent[]): Map<number, RawNote[]> {
  const byChannel = new Map<number, RawNote[]>()
  const open = new Map<number, RawNote[]>() // key channel·128+pitch → FIFO of open notes
  let endTick = 0
  for (const e of events) {
    endTick = Math.max(endTick, e.tick)
    if (e.kind === 'noteOn') {
      const n = { pitch: e.pitch, startTick: e.tick, durationTicks: -1, velocity: e.velocity }
      const key = e.channel * 128 + e.pitch
      const q = open.get(key)
      if (q) q.push(n)
      else open.set(key, [n])
      const list = byChannel.get(e.channel)
      if (list) list.push(n)
      else byChannel.set(e.channel, [n])
    } else if (e.kind === 'noteOff') {
      const n = open.get(e.channel * 128 + e.pitch)?.shift()
      if (n) n.durationTicks = e.tick - n.startTick
    }
  }
  // Unclosed notes last until the track ends (a quarter note if the track ends where they start).
  for (const q of open.values()) for (const n of q) n.durationTicks = endTick - n.startTick
  return byChannel
}

function firstProgram(events: readonly SmfEvent[], channel: number): number | undefined {
  for (const e of events) if (e.kind === 'program' && e.channel === channel) return e.program
  return undefined
}

/** Controller changes of one file track, per channel, in file order (sorted by tick). */
function controllersByChannel(events: readonly SmfEvent[]): Map<number, ControllerEvent[]> {
  const out = new Map<number, ControllerEvent[]>()
  for (const e of events) {
    if (e.kind !== 'controller') continue
    const c = { tick: e.tick, controller: e.controller, value: e.value }
    const list = out.get(e.channel)
    if (list) list.push(c)
    else out.set(e.channel, [c])
  }
  return out
}

/**
 * Splits a track's controllers into the mixer settings in force at its first note (CC7 volume, CC10 pan: the
 * last value at or before that tick) and the rest, which stay as timed events (sustain pedal, later fades…).
 */
function mixerAndControllers(
  all: readonly ControllerEvent[],
  firstNoteTick: number,
): Pick<Track, 'controllers' | 'volume' | 'pan'> {
  let volume: number | undefined
  let pan: number | undefined
  const rest: ControllerEvent[] = []
  for (const c of all) {
    if (c.tick <= firstNoteTick && c.controller === CC.volume) volume = c.value
    else if (c.tick <= firstNoteTick && c.controller === CC.pan) pan = c.value
    else rest.push(c)
  }
  return {
    ...(rest.length > 0 ? { controllers: rest } : {}),
    ...(volume !== undefined ? { volume } : {}),
    ...(pan !== undefined ? { pan } : {}),
  }
}

/** Events of `kind` from all tracks, sorted by tick (stable), keeping only the last one at each tick. */
function timeline<T extends { tick: number }>(all: readonly T[]): T[] {
  const sorted = all.slice().sort((a, b) => a.tick - b.tick)
  return sorted.filter((e, i) => i + 1 === sorted.length || sorted[i + 1].tick !== e.tick)
}

/**
 * Parses a type 0, 1 (or 2) Standard MIDI File into a {@link Song}.
 *
 * - Note ids are deterministic: `t{track}n{index}` (index of the kept track, index of the note after sorting by
 *   startTick then pitch). Track ids are `t{track}`.
 * - A file track using several channels becomes one Song track per channel (ascending channel order).
 * - Controller changes (CC) stay with their channel's track as `controllers` (sustain pedal CC64 included);
 *   CC7/CC10 at or before a track's first note become its `volume`/`pan`.
 * - Velocity is the raw integer 1..127. Zero-length notes are dropped; notes never switched off end with their track.
 * - Tracks without notes are dropped; tempos and time signatures are gathered from all tracks. A file without
 *   tempo gets 120 BPM at tick 0, one without time signature 4/4 at tick 0. SMPTE-timed files are mapped to
 *   ppq = ticks per second at 60 BPM, which preserves their timing in seconds.
 *
 * @throws {MidiFormatError} with reason 'empty' | 'not-midi' | 'truncated' | 'corrupt' | 'no-notes' | 'too-large'.
 * @example const song = readSong(new Uint8Array(await file.arrayBuffer()), { name: 'bwv846' })
 */
export function readSong(bytes: Uint8Array, opts: ReadSongOptions = {}): Song {
  const label = opts.name ?? 'MIDI data'
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MIDI_BYTES
  if (bytes.length > maxBytes)
    throw new MidiFormatError(
      'too-large',
      `${label}: ${bytes.length} bytes exceeds the limit of ${maxBytes} bytes`,
    )
  return songFromSmf(parseSmf(bytes, label), opts)
}

/**
 * {@link readSong} of an already parsed file (an import parses each file once and derives everything from it).
 * @throws {MidiFormatError} 'no-notes'.
 */
export function songFromSmf(smf: SmfFile, opts: Pick<ReadSongOptions, 'name'> = {}): Song {
  const label = opts.name ?? 'MIDI data'
  // One pass over all events for the file-wide maps (flatMap over every event costs more than the parse).
  const tempoEvents: TempoEvent[] = []
  const tsEvents: TimeSignatureEvent[] = []
  const texts: string[] = []
  const programs = new Map<number, number>() // channel → first program change in any track
  for (const events of smf.tracks) {
    for (const e of events) {
      if (e.kind === 'tempo') tempoEvents.push({ tick: e.tick, bpm: 60_000_000 / e.usPerBeat })
      else if (e.kind === 'timeSignature')
        tsEvents.push({ tick: e.tick, numerator: e.numerator, denominator: e.denominator })
      else if (e.kind === 'text') texts.push(e.text)
      else if (e.kind === 'program' && !programs.has(e.channel)) programs.set(e.channel, e.program)
    }
  }
  const tempos = smf.smpte ? [{ tick: 0, bpm: 60 }] : timeline(tempoEvents)
  if (tempos.length === 0 || tempos[0].tick > 0) tempos.unshift({ tick: 0, bpm: DEFAULT_BPM })
  const timeSignatures = timeline(tsEvents)
  if (timeSignatures.length === 0 || timeSignatures[0].tick > 0)
    timeSignatures.unshift({ tick: 0, numerator: 4, denominator: 4 })
  const names = smf.tracks.map((t) => {
    for (const e of t) if (e.kind === 'trackName') return e.text.trim()
    return ''
  })
  const tracks: Track[] = []
  // Controllers of a channel on a file track without notes on it (a separate "pedal" track) go to the first
  // Song track of that channel, so the sustain pedal is not lost.
  const orphanControllers = new Map<number, ControllerEvent[]>()
  const controllersOf = smf.tracks.map(controllersByChannel)
  const paired = smf.tracks.map(pairNotes)
  smf.tracks.forEach((_events, fileTrack) => {
    const byChannel = paired[fileTrack]
    for (const [channel, list] of controllersOf[fileTrack]) {
      if (byChannel.get(channel)?.some((n) => n.durationTicks > 0)) continue
      orphanControllers.set(channel, [...(orphanControllers.get(channel) ?? []), ...list])
    }
  })
  const seenChannels = new Set<number>()
  smf.tracks.forEach((events, fileTrack) => {
    const byChannel = paired[fileTrack]
    for (const channel of [...byChannel.keys()].sort((a, b) => a - b)) {
      const raw = byChannel
        .get(channel)!
        .filter((n) => n.durationTicks > 0)
        .sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
      if (raw.length === 0) continue
      const t = tracks.length
      const notes: Note[] = new Array(raw.length)
      for (let i = 0; i < raw.length; i++) {
        const n = raw[i]
        const { pitch, startTick, durationTicks, velocity } = n
        notes[i] = { pitch, startTick, durationTicks, velocity, id: `t${t}n${i}` as NoteId }
      }
      const program = firstProgram(events, channel) ?? programs.get(channel) ?? 0
      const own = controllersOf[fileTrack].get(channel) ?? []
      const orphans = seenChannels.has(channel) ? [] : (orphanControllers.get(channel) ?? [])
      seenChannels.add(channel)
      const ccs = orphans.length ? [...own, ...orphans].sort((a, b) => a.tick - b.tick) : own
      const mixer = mixerAndControllers(ccs, notes[0].startTick)
      tracks.push({ id: `t${t}` as TrackId, name: names[fileTrack], channel, program, notes, ...mixer })
    }
  })
  if (tracks.length === 0) throw new MidiFormatError('no-notes', `${label}: the file contains no notes`)
  const name = opts.name ?? (names.find((n) => n !== '') || 'untitled')
  return { name, ppq: smf.ppq, tempos, timeSignatures, tracks, ...(texts.length > 0 ? { texts } : {}) }
}
