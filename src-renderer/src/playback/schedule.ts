// Pure scheduling: which notes sound in a tick window and when, in seconds, under the song's tempo map.
// The Tone engine only turns these events into synth calls, so all timing logic is tested in Node.
import type { Song } from '@common/music/song'
import { barEndTick, barsInRange, ticksToSeconds } from '@common/music/time'
import type { MidiNote, Seconds, Ticks, TrackId, Velocity } from '@common/music/units'
import { sustainedEnds } from './sustain'

/** Seconds playback runs past the last note's end before it stops by itself: the release is heard, not cut. */
export const END_TAIL_SECONDS = 0.5

/** One note to play. `timeSeconds` is from the song start (tick 0). */
export interface PlayEvent {
  readonly timeSeconds: Seconds
  readonly durationSeconds: Seconds
  readonly pitch: MidiNote
  /** 1..127. */
  readonly velocity: Velocity
  readonly trackId: TrackId
  readonly program: number
  readonly channel: number
  /** How long the note sounds when the track's sustain pedal (CC64) holds it past its key release. */
  readonly sustainedSeconds: Seconds
}

/** One controller change (sustain pedal, …) to send to a MIDI-reading instrument or port. */
export interface ControlEvent {
  readonly timeSeconds: Seconds
  readonly trackId: TrackId
  readonly channel: number
  readonly controller: number
  readonly value: number
}

/** Window and track filters of `schedule`. */
export interface ScheduleOptions {
  /** Notes starting at or after this tick (default 0). */
  readonly fromTick?: Ticks
  /** …and before this tick (default: end of song). */
  readonly toTick?: Ticks
  /** Tracks not to play. */
  readonly mutedTracks?: ReadonlySet<TrackId>
  /** When non-empty, only these tracks play (solo wins over mute, as in DAWs). */
  readonly soloTracks?: ReadonlySet<TrackId>
}

/** True when `trackId` is audible under the given mute/solo sets. */
export function isAudible(
  trackId: TrackId,
  muted?: ReadonlySet<TrackId>,
  solo?: ReadonlySet<TrackId>,
): boolean {
  if (solo && solo.size > 0) return solo.has(trackId)
  return !muted?.has(trackId)
}

/** Events of notes starting in [fromTick, toTick), sorted by time then pitch. */
export function schedule(song: Song, opts: ScheduleOptions = {}): PlayEvent[] {
  const from = opts.fromTick ?? 0
  const to = opts.toTick ?? Infinity
  if (!(from >= 0)) throw new Error(`schedule: fromTick must be ≥ 0, got ${from}`)
  if (!(to >= from)) throw new Error(`schedule: toTick (${to}) must be ≥ fromTick (${from})`)
  const out: PlayEvent[] = []
  for (const t of song.tracks) {
    if (!isAudible(t.id, opts.mutedTracks, opts.soloTracks)) continue
    const ends = t.controllers?.length ? sustainedEnds(t) : null
    for (const [i, n] of t.notes.entries()) {
      if (n.startTick < from) continue
      if (n.startTick >= to) break // notes are sorted by start
      const timeSeconds = ticksToSeconds(song, n.startTick)
      const durationSeconds = ticksToSeconds(song, n.startTick + n.durationTicks) - timeSeconds
      const sustainedSeconds = ends ? ticksToSeconds(song, ends[i]) - timeSeconds : durationSeconds
      out.push({
        sustainedSeconds,
        timeSeconds,
        durationSeconds,
        pitch: n.pitch,
        velocity: n.velocity,
        trackId: t.id,
        program: t.program,
        channel: t.channel,
      })
    }
  }
  return out.sort((a, b) => a.timeSeconds - b.timeSeconds || a.pitch - b.pitch)
}

/** Controller changes of the audible tracks in [fromTick, toTick), sorted by time (stable per track). */
export function controlSchedule(song: Song, opts: ScheduleOptions = {}): ControlEvent[] {
  const from = opts.fromTick ?? 0
  const to = opts.toTick ?? Infinity
  const out: ControlEvent[] = []
  for (const t of song.tracks) {
    if (!isAudible(t.id, opts.mutedTracks, opts.soloTracks)) continue
    for (const c of t.controllers ?? []) {
      if (c.tick < from || c.tick >= to) continue
      out.push({
        timeSeconds: ticksToSeconds(song, c.tick),
        trackId: t.id,
        channel: t.channel,
        controller: c.controller,
        value: c.value,
      })
    }
  }
  return out.sort((a, b) => a.timeSeconds - b.timeSeconds)
}

/**
 * Metronome beats from tick 0 up to `toTick`: one per beat of each bar (common/music/time.ts bar arithmetic, so a
 * meter change restarts the bar as it does on the ruler), `downbeat` on each bar's first beat, times in seconds
 * under the tempo map.
 */
export function metronomeBeats(
  song: Song,
  toTick: Ticks,
): { tick: Ticks; timeSeconds: Seconds; downbeat: boolean }[] {
  const out: { tick: Ticks; timeSeconds: Seconds; downbeat: boolean }[] = []
  for (const bar of barsInRange(song, 0, toTick)) {
    const end = Math.min(toTick, barEndTick(song, bar))
    for (let tick = bar.startTick, k = 0; tick < end - 1e-9; tick += bar.beatTicks, k++) {
      out.push({ tick, timeSeconds: ticksToSeconds(song, tick), downbeat: k === 0 })
    }
  }
  return out
}
