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

/**
 * A MIDI controller change (CC) on the track's channel at `tick`: 64 = sustain pedal (value ≥ 64 = down),
 * 66 sostenuto, 67 soft pedal, 11 expression, … Kept from import, played back and written on export.
 */
export interface ControllerEvent {
  readonly tick: Ticks
  /** 0..127 (CC number). */
  readonly controller: number
  /** 0..127. */
  readonly value: number
}

/** MIDI CC numbers the studio treats specially. */
export const CC = { volume: 7, pan: 10, sustain: 64 } as const

/** One instrument part. `channel` 0..15 (9 = GM drums), `program` 0..127 (GM). */
export interface Track {
  readonly id: TrackId
  readonly name: string
  readonly channel: number
  readonly program: number
  /** Sorted by `startTick`, then pitch. */
  readonly notes: readonly Note[]
  /** Controller changes sorted by tick (sustain pedal etc.); absent = none. Volume/pan at the start are below. */
  readonly controllers?: readonly ControllerEvent[]
  /** Mixer volume 0..127 (written as CC7 at tick 0); absent = {@link DEFAULT_TRACK_VOLUME}. */
  readonly volume?: number
  /** Mixer pan 0..127, 64 = centre (written as CC10 at tick 0); absent = centre. */
  readonly pan?: number
}

/** MIDI's default channel volume (CC7 = 100) and centre pan. */
export const DEFAULT_TRACK_VOLUME = 100
export const CENTRE_PAN = 64

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
