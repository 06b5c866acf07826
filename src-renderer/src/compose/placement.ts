// Where and how a candidate lands in the song, computed ONCE for both Insert and Play, so what a composer hears is
// exactly what gets inserted: the insertion tick, how generated time maps onto the song's tempo ("keep beats" or
// "keep seconds"), the velocity scale, fitting to a key, quantizing to the grid with a strength, and trimming to a length in bars.
// Pure; the raw output (the candidate's own song) is never changed.
import type { Note, Song, Track } from '@common/music/song'
import {
  barAt,
  meterAt,
  nextBarTick,
  secondsToTicks,
  songEndTick,
  tempoAt,
  ticksAfterBars,
  ticksToSeconds,
} from '@common/music/time'
import type { NoteId, Ticks, TrackId } from '@common/music/units'
import { quantizeTick } from '@common/music/quantize'
import { type Key, nearestInScale } from '@common/music/scale'
import type { RelativeNote } from './candidates'

/**
 * How generated time maps onto the song. 'beats': a generated quarter note is a song quarter note, so the phrase
 * plays at the song's tempo (the model is trained on beats: tempo is ignored when reading training files).
 * 'seconds': the phrase keeps the timing it was generated with (the writer's 45 BPM), rescaled through the
 * song's tempo map, so it sounds as generated.
 */
export type TimingMode = 'beats' | 'seconds'

/** What a placement needs to know about a candidate. */
export interface PlacedCandidate {
  readonly song: Song
  /** Notes of a primer at the start of `song` (continuations): left out, and the rest placed after it. */
  readonly primerNotes?: number
  /** Song tick the primer started at (continuations are placed there, keeping beats). */
  readonly primerAtTick?: number
  /** Key the candidate was generated into (its pitches are fitted to it on placement). */
  readonly key?: Key
  /** Length asked for, in bars of the song from the insertion point: longer output is trimmed to it. */
  readonly bars?: number
}

/** Placement settings chosen in the Compose screen. */
export interface PlacementOptions {
  readonly timing: TimingMode
  /** Quantize onsets to `grid` ticks (measured from each bar line) with `strength` 0..1; null = as generated. */
  readonly quantize: { readonly grid: Ticks; readonly strength: number } | null
  /** Generated velocities × this (clamped to 1..127), so quiet phrases can be made audible; 1 when left out. */
  readonly velocityScale?: number
}

/** A candidate placed in a song: notes relative to `atTick`, in the song's PPQ. */
export interface Placement {
  readonly atTick: Ticks
  readonly notes: readonly RelativeNote[]
  /** The mapping actually used (continuations always keep beats, to line up with their primer). */
  readonly timing: TimingMode
}

/** The song's first bar line at or after its last note: where a new phrase goes. */
export const appendTick = (song: Song): Ticks => nextBarTick(song, songEndTick(song))

/** Places `c` in `song` (see the module comment). Notes that would start after a `bars` limit are dropped. */
export function placeCandidate(c: PlacedCandidate, song: Song, opts: PlacementOptions): Placement {
  const atTick = c.primerAtTick ?? appendTick(song)
  const timing: TimingMode = c.primerAtTick !== undefined ? 'beats' : opts.timing
  const gain = opts.velocityScale ?? 1
  if (!(gain > 0)) throw new Error(`velocity scale must be > 0, got ${gain}`)
  const src = c.song
  const sorted = src.tracks
    .flatMap((t) => t.notes)
    .sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
  const skip = Math.max(0, c.primerNotes ?? 0)
  const kept = sorted.slice(skip)
  // A continuation keeps its offset from the primer's start; a fresh phrase starts at its first note.
  const origin = skip > 0 ? 0 : (kept[0]?.startTick ?? 0)
  const t0 = ticksToSeconds(song, atTick)
  const g0 = ticksToSeconds(src, origin)
  const map = (genTick: Ticks): Ticks =>
    timing === 'beats'
      ? ((genTick - origin) * song.ppq) / src.ppq
      : secondsToTicks(song, t0 + ticksToSeconds(src, genTick) - g0) - atTick
  let notes: RelativeNote[] = kept.map((n) => {
    const start = Math.max(0, Math.round(map(n.startTick)))
    const end = Math.round(map(n.startTick + n.durationTicks))
    return {
      pitch: c.key ? nearestInScale(n.pitch, c.key) : n.pitch,
      startTick: start,
      durationTicks: Math.max(1, end - start),
      velocity: Math.min(127, Math.max(1, Math.round(n.velocity * gain))),
    }
  })
  if (opts.quantize) notes = quantized(notes, song, atTick, opts.quantize)
  if (c.bars !== undefined) {
    const limit = ticksAfterBars(song, atTick, c.bars) - atTick
    notes = notes
      .filter((n) => n.startTick < limit)
      .map((n) => (n.startTick + n.durationTicks > limit ? { ...n, durationTicks: limit - n.startTick } : n))
  }
  return { atTick, notes: notes.sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch), timing }
}

/** Onsets moved toward the song's grid (from each bar line); same-pitch notes that meet on a tick become one. */
function quantized(
  notes: readonly RelativeNote[],
  song: Song,
  atTick: Ticks,
  q: { readonly grid: Ticks; readonly strength: number },
): RelativeNote[] {
  const opts = { grid: q.grid, strength: q.strength, swing: 0 }
  const byKey = new Map<string, RelativeNote>()
  for (const n of notes) {
    const abs = atTick + n.startTick
    const start = Math.max(0, quantizeTick(abs, opts, barAt(song, abs).startTick) - atTick)
    const key = `${start}:${n.pitch}`
    const other = byKey.get(key)
    const end = Math.max(start + n.durationTicks, other ? other.startTick + other.durationTicks : 0)
    const velocity = Math.max(n.velocity, other?.velocity ?? 0)
    byKey.set(key, { ...n, startTick: start, durationTicks: end - start, velocity })
  }
  return [...byKey.values()]
}

/** The instrument and mixer settings of the track a placement goes into. */
export type Voice = Pick<Track, 'channel' | 'program' | 'volume' | 'pan'>

/**
 * A song that plays the placement from tick 0 exactly as the inserted notes play from `atTick`: the target song's
 * tempo and meter maps from `atTick` on, shifted to 0, on the receiving track's `voice` (instrument, volume, pan;
 * a new track's default grand piano when omitted). Auditioning this is auditioning the insert.
 */
export function auditionSong(song: Song, p: Placement, name = 'audition', voice?: Voice): Song {
  const shift = <T extends { tick: number }>(events: readonly T[], first: T): T[] => [
    { ...first, tick: 0 },
    ...events.filter((e) => e.tick > p.atTick).map((e) => ({ ...e, tick: e.tick - p.atTick })),
  ]
  const notes: Note[] = p.notes.map((n, i) => ({ ...n, id: `a${i}` as NoteId }))
  return {
    name,
    ppq: song.ppq,
    tempos: shift(song.tempos, { tick: 0, bpm: tempoAt(song, p.atTick) }),
    timeSignatures: shift(song.timeSignatures, meterAt(song, p.atTick)),
    tracks: [{ id: 'audition' as TrackId, name, channel: 0, program: 0, ...voiceOf(voice), notes }],
  }
}

const voiceOf = (v: Voice | undefined): Partial<Voice> =>
  v
    ? {
        channel: v.channel,
        program: v.program,
        ...(v.volume !== undefined ? { volume: v.volume } : {}),
        ...(v.pan !== undefined ? { pan: v.pan } : {}),
      }
    : {}
