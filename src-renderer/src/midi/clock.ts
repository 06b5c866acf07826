// MIDI clock (24 pulses per quarter note) under the song's tempo map: the times, in song seconds, of every
// pulse in a window. The sender converts them to port timestamps.
import type { Song } from '@common/music/song'
import { secondsToTicks, ticksToSeconds } from '@common/music/time'
import type { Seconds } from '@common/music/units'

/** MIDI timing clock resolution. */
export const PULSES_PER_QUARTER = 24

/** Song-second times of the clock pulses with time in [from, to). Pulse k sits at tick k·ppq/24. */
export function clockPulses(song: Song, from: Seconds, to: Seconds): Seconds[] {
  const step = song.ppq / PULSES_PER_QUARTER
  const out: Seconds[] = []
  let k = Math.ceil(secondsToTicks(song, Math.max(0, from)) / step - 1e-9)
  for (;;) {
    const t = ticksToSeconds(song, k * step)
    if (t >= to) break
    if (t >= from) out.push(t)
    k++
  }
  return out
}
