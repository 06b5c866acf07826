// The studio's song model: immutable plain data shared by main (datasets, engine) and renderer (editor, playback).
import type { Bpm, MidiNote, NoteId, Ticks, TrackId, Velocity } from './units'

/** One sounding note. Times are in ticks of the song's `ppq`. */
export interface Note {
  readonly id: NoteId
  readonly pitch: MidiNote
  readonly startTick: Ticks
  /** Length in ticks, > 0. */
  readonly durationTicks: Ticks
  /** 1..127. */
  readonly velocity: Velocity
}

/** One instrument part. `channel` 0..15 (9 = GM drums), `program` 0..127 (GM). */
export interface Track {
  readonly id: TrackId
  readonly name: string
  readonly channel: number
  readonly program: number
  /** Sorted by `startTick`, then pitch. */
  readonly notes: readonly Note[]
}

/** A tempo change at `tick`. */
export interface TempoEvent {
  readonly tick: Ticks
  readonly bpm: Bpm
}

/** A time-signature change at `tick` (e.g. 3/4 → numerator 3, denominator 4). */
export interface TimeSignatureEvent {
  readonly tick: Ticks
  readonly numerator: number
  readonly denominator: number
}

/** A whole piece. `tempos` and `timeSignatures` are sorted by tick; the first entry is at tick 0. */
export interface Song {
  readonly name: string
  /** Ticks per quarter note. */
  readonly ppq: number
  readonly tempos: readonly TempoEvent[]
  readonly timeSignatures: readonly TimeSignatureEvent[]
  readonly tracks: readonly Track[]
  /** Free-text meta events (e.g. provenance of generated clips), written back on export. */
  readonly texts?: readonly string[]
}

/** Default tempo when a file has none (MIDI's implied 120 BPM). */
export const DEFAULT_BPM: Bpm = 120
