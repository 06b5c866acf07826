// Sustain pedal (CC64) for instruments that do not read MIDI controllers (the sampled piano): a note released
// while the pedal is down keeps sounding until the pedal comes up, or until the same key is struck again.
// Pure (ticks in, ticks out), so the rule is tested in Node; GM voices get the CC64 events themselves.
import { CC, type Track } from '@common/music/song'
import type { Ticks } from '@common/music/units'

/** Half-open tick ranges [down, up) in which the sustain pedal is held (value ≥ 64, as in General MIDI). */
export function pedalIntervals(
  track: Pick<Track, 'controllers'>,
  endTick: Ticks = Infinity,
): [Ticks, Ticks][] {
  const out: [Ticks, Ticks][] = []
  let down: Ticks | null = null
  for (const c of track.controllers ?? []) {
    if (c.controller !== CC.sustain) continue
    if (c.value >= 64 && down === null) down = c.tick
    else if (c.value < 64 && down !== null) {
      out.push([down, c.tick])
      down = null
    }
  }
  if (down !== null) out.push([down, Math.max(down, endTick)])
  return out
}

/**
 * The tick at which each note of `track` stops sounding under the pedal: its own end when the pedal is up
 * then, else the next pedal release, cut short by the next strike of the same pitch. Same order as `notes`.
 */
export function sustainedEnds(
  track: Pick<Track, 'controllers' | 'notes'>,
  endTick: Ticks = Infinity,
): Ticks[] {
  const pedal = pedalIntervals(track, endTick)
  const nextStrike = new Map<number, Ticks>() // filled back to front: the next start of each pitch
  const out = new Array<Ticks>(track.notes.length)
  for (let i = track.notes.length - 1; i >= 0; i--) {
    const n = track.notes[i]
    const end = n.startTick + n.durationTicks
    let until = end
    // The last interval starting at or before `end` (intervals are sorted and disjoint): binary search.
    let lo = 0
    let hi = pedal.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (pedal[mid][0] <= end) lo = mid + 1
      else hi = mid - 1
    }
    if (hi >= 0 && end < pedal[hi][1]) until = pedal[hi][1]
    const again = nextStrike.get(n.pitch)
    if (again !== undefined && again < until) until = Math.max(end, again)
    out[i] = until
    nextStrike.set(n.pitch, n.startTick)
  }
  return out
}
