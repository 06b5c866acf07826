// Song time conversions: ticks ↔ seconds through the tempo map, ticks → bar/beat through the time-signature map.
import { DEFAULT_BPM, type Song, type TempoEvent, type TimeSignatureEvent } from './song'
import type { Seconds, Ticks } from './units'

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

/**
 * Bar, beat and tick-within-beat of `tick` (integer or fractional, ≥ 0). A beat lasts `ppq·4/denominator`
 * ticks; every time-signature change starts a new bar (as notation programs do), and 4/4 applies before the
 * first one.
 * @example barBeatAt(song, 0) // { bar: 1, beat: 1, tick: 0 }
 */
export function barBeatAt(song: Song, tick: Ticks): BarBeat {
  checkPpq(song)
  if (!Number.isFinite(tick) || tick < 0) throw new Error(`tick must be a finite number ≥ 0, got ${tick}`)
  const given = song.timeSignatures
  const map: TimeSignatureEvent[] =
    given.length === 0 || given[0].tick > 0
      ? [{ tick: 0, numerator: 4, denominator: 4 }, ...given]
      : [...given]
  let bar = 1
  for (let i = 0; i < map.length; i++) {
    const ts = map[i]
    const beatTicks = (song.ppq * 4) / ts.denominator
    const barTicks = beatTicks * ts.numerator
    const next = i + 1 < map.length ? map[i + 1].tick : Infinity
    if (tick < next) {
      const into = tick - ts.tick
      const bars = Math.floor(into / barTicks)
      const inBar = into - bars * barTicks
      const beat = Math.floor(inBar / beatTicks)
      return { bar: bar + bars, beat: beat + 1, tick: inBar - beat * beatTicks }
    }
    // A change in the middle of a bar still opens a new bar, so round the partial bar up.
    bar += Math.ceil((next - ts.tick) / barTicks)
  }
  return { bar, beat: 1, tick: 0 } // unreachable
}

/** End of the last sounding note in ticks (0 for a song without notes). */
export function songEndTick(song: Song): Ticks {
  let end = 0
  for (const track of song.tracks) {
    for (const n of track.notes) end = Math.max(end, n.startTick + n.durationTicks)
  }
  return end
}
