// Song time in one place: ticks ↔ seconds through the tempo map, and all bar arithmetic (bars, bar lines, bar/beat)
// through the time-signature map. The ruler, grid, snap, metronome, insert and export all use these.
import { DEFAULT_BPM, type Song, type TempoEvent, type TimeSignatureEvent } from './song'
import type { Bpm, Seconds, Ticks } from './units'

/** Position in musical time. `bar` and `beat` are 1-based; `tick` is the offset (≥ 0) into the beat. */
export interface BarBeat {
  readonly bar: number
  readonly beat: number
  readonly tick: Ticks
}

function tempoMap(song: Song): readonly TempoEvent[] {
  // A song without tempo (or whose first tempo is after 0) plays at MIDI's implied 120 BPM until then.
  const t = song.tempos
  if (t.length === 0) return [{ tick: 0, bpm: DEFAULT_BPM }]
  return t[0].tick > 0 ? [{ tick: 0, bpm: DEFAULT_BPM }, ...t] : t
}

function checkPpq(song: Song): void {
  if (!(song.ppq > 0) || !Number.isFinite(song.ppq)) throw new Error(`song.ppq must be > 0, got ${song.ppq}`)
}

/**
 * Wall-clock time of `tick` (may be fractional, ≥ 0) under the song's tempo map, in seconds.
 * @example ticksToSeconds(song, song.ppq) // 0.5 at 120 BPM
 */
export function ticksToSeconds(song: Song, tick: Ticks): Seconds {
  checkPpq(song)
  if (!Number.isFinite(tick) || tick < 0) throw new Error(`tick must be a finite number ≥ 0, got ${tick}`)
  const map = tempoMap(song)
  let seconds = 0
  for (let i = 0; i < map.length; i++) {
    const end = i + 1 < map.length ? Math.min(map[i + 1].tick, tick) : tick
    if (end <= map[i].tick) break
    seconds += ((end - map[i].tick) / song.ppq) * (60 / map[i].bpm)
  }
  return seconds
}

/**
 * Tick (fractional) reached after `seconds` (≥ 0) of playback under the song's tempo map. Inverse of
 * {@link ticksToSeconds}.
 */
export function secondsToTicks(song: Song, seconds: Seconds): Ticks {
  checkPpq(song)
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`seconds must be a finite number ≥ 0, got ${seconds}`)
  const map = tempoMap(song)
  let elapsed = 0
  for (let i = 0; i < map.length; i++) {
    const secPerTick = 60 / map[i].bpm / song.ppq
    const next = i + 1 < map.length ? map[i + 1].tick : Infinity
    const segment = (next - map[i].tick) * secPerTick
    if (seconds <= elapsed + segment) return map[i].tick + (seconds - elapsed) / secPerTick
    elapsed += segment
  }
  return 0 // unreachable: the last segment is infinite
}

/** One bar: its start tick, 1-based number and meter. */
export interface Bar {
  readonly startTick: Ticks
  readonly number: number
  readonly numerator: number
  readonly denominator: number
  /** Ticks per beat (a beat is 1/denominator of a whole note). */
  readonly beatTicks: Ticks
  /** Nominal length (numerator beats); a meter change inside the bar cuts it short (see {@link barEndTick}). */
  readonly lengthTicks: Ticks
}

const FOUR_FOUR = { numerator: 4, denominator: 4 } as const

/** The meter map with MIDI's implied 4/4 from tick 0 when the song has none (or its first is after 0). */
export function meterMap(song: Song): readonly TimeSignatureEvent[] {
  const given = song.timeSignatures
  if (given.length === 0) return [{ tick: 0, ...FOUR_FOUR }]
  return given[0].tick > 0 ? [{ tick: 0, ...FOUR_FOUR }, ...given] : given
}

/** The tempo in force at `tick` (the last change at or before it; 120 BPM before the first). */
export function tempoAt(song: Song, tick: Ticks): Bpm {
  const map = tempoMap(song)
  let bpm = map[0].bpm
  for (const t of map) {
    if (t.tick > tick) break
    bpm = t.bpm
  }
  return bpm
}

/** The time signature in force at `tick`. */
export function meterAt(song: Song, tick: Ticks): TimeSignatureEvent {
  const map = meterMap(song)
  let m = map[0]
  for (const s of map) {
    if (s.tick > tick) break
    m = s
  }
  return m
}

/**
 * The bar containing `tick` (≥ 0, may be fractional). Every time-signature change starts a new bar at its tick (as
 * notation programs do), so a change in the middle of a bar ends that bar early.
 * @example barAt(song, 0) // { startTick: 0, number: 1, numerator: 4, denominator: 4, beatTicks: 480, … }
 */
export function barAt(song: Song, tick: Ticks): Bar {
  checkPpq(song)
  if (!Number.isFinite(tick) || tick < 0) throw new Error(`tick must be a finite number ≥ 0, got ${tick}`)
  const map = meterMap(song)
  let number = 1
  for (let i = 0; i < map.length; i++) {
    const s = map[i]
    const beatTicks = (song.ppq * 4) / s.denominator
    const lengthTicks = beatTicks * s.numerator
    const next = i + 1 < map.length ? map[i + 1].tick : Infinity
    if (tick < next) {
      const k = Math.floor((tick - s.tick) / lengthTicks)
      const m = { numerator: s.numerator, denominator: s.denominator }
      return { startTick: s.tick + k * lengthTicks, number: number + k, ...m, beatTicks, lengthTicks }
    }
    // A change in the middle of a bar still opens a new bar, so the partial bar counts as one.
    number += Math.ceil((next - s.tick) / lengthTicks)
  }
  throw new Error('unreachable: the meter map is never empty and its last segment is unbounded')
}

/** Where `bar` really ends: its nominal end, or an earlier meter change inside it. */
export function barEndTick(song: Song, bar: Bar): Ticks {
  const end = bar.startTick + bar.lengthTicks
  const cut = meterMap(song).find((s) => s.tick > bar.startTick && s.tick < end)
  return cut ? cut.tick : end
}

/** Bars overlapping [fromTick, toTick), in order (at most 100 000). */
export function barsInRange(song: Song, fromTick: Ticks, toTick: Ticks): Bar[] {
  const out: Bar[] = []
  let b = barAt(song, Math.max(0, fromTick))
  while (b.startTick < toTick && out.length < 100_000) {
    out.push(b)
    b = barAt(song, barEndTick(song, b))
  }
  return out
}

/** The first bar line at or after `tick` (integer ticks: bar lines of odd meters at odd PPQs are rounded). */
export function nextBarTick(song: Song, tick: Ticks): Ticks {
  const b = barAt(song, Math.max(0, tick))
  return Math.round(b.startTick >= tick - 1e-9 ? b.startTick : barEndTick(song, b))
}

/** The bar line nearest to `tick` (ties go to the earlier one). */
export function nearestBarTick(song: Song, tick: Ticks): Ticks {
  const b = barAt(song, Math.max(0, tick))
  const end = barEndTick(song, b)
  return Math.round(tick - b.startTick <= end - tick ? b.startTick : end)
}

/** The tick `bars` whole bars after `fromTick` (a bar line), following meter changes. */
export function ticksAfterBars(song: Song, fromTick: Ticks, bars: number): Ticks {
  if (!Number.isInteger(bars) || bars < 0) throw new Error(`bars must be an integer ≥ 0, got ${bars}`)
  let t = fromTick
  for (let i = 0; i < bars; i++) {
    const b = barAt(song, t)
    // From a position inside a bar (a continuation's start), one "bar" is the nominal bar length from there.
    t = b.startTick === t ? barEndTick(song, b) : Math.min(t + b.lengthTicks, nextChange(song, t))
  }
  return t
}

const nextChange = (song: Song, tick: Ticks): Ticks =>
  meterMap(song).find((s) => s.tick > tick)?.tick ?? Infinity

/**
 * Bar, beat and tick-within-beat of `tick` (integer or fractional, ≥ 0). A beat lasts `ppq·4/denominator`
 * ticks; every time-signature change starts a new bar, and 4/4 applies before the first one.
 * @example barBeatAt(song, 0) // { bar: 1, beat: 1, tick: 0 }
 */
export function barBeatAt(song: Song, tick: Ticks): BarBeat {
  const b = barAt(song, tick)
  const inBar = tick - b.startTick
  const beat = Math.floor(inBar / b.beatTicks)
  return { bar: b.number, beat: beat + 1, tick: inBar - beat * b.beatTicks }
}

/** End of the last sounding note in ticks (0 for a song without notes). */
export function songEndTick(song: Song): Ticks {
  let end = 0
  for (const track of song.tracks) {
    for (const n of track.notes) end = Math.max(end, n.startTick + n.durationTicks)
  }
  return end
}
