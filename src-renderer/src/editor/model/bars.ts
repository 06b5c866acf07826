// Bar and beat positions from a song's time-signature map: feeds the ruler, the grid and bar-relative snapping.
import type { Song, TimeSignatureEvent } from '@common/music/song'
import type { Ticks } from '@common/music/units'

/** One bar: its start tick, 1-based number, and meter. */
export interface Bar {
  readonly startTick: Ticks
  readonly number: number
  readonly numerator: number
  readonly denominator: number
  /** Ticks per beat (beat = 1/denominator of a whole note). */
  readonly beatTicks: Ticks
  readonly lengthTicks: Ticks
}

const signatures = (song: Song): readonly TimeSignatureEvent[] =>
  song.timeSignatures.length > 0 ? song.timeSignatures : [{ tick: 0, numerator: 4, denominator: 4 }]

/** The bar containing `tick` (tick ≥ 0). A signature change starts a new bar at its tick. */
export function barAt(song: Song, tick: Ticks): Bar {
  const sigs = signatures(song)
  let number = 1
  for (let i = 0; i < sigs.length; i++) {
    const s = sigs[i]
    const beatTicks = (song.ppq * 4) / s.denominator
    const lengthTicks = beatTicks * s.numerator
    const end = i + 1 < sigs.length ? sigs[i + 1].tick : Infinity
    if (tick < end || i === sigs.length - 1) {
      const k = Math.max(0, Math.floor((tick - s.tick) / lengthTicks))
      return { startTick: s.tick + k * lengthTicks, number: number + k, ...meter(s), beatTicks, lengthTicks }
    }
    number += Math.ceil((end - s.tick) / lengthTicks)
  }
  throw new Error('unreachable: signature list is never empty')
}

const meter = (s: TimeSignatureEvent) => ({ numerator: s.numerator, denominator: s.denominator })

/** Bars overlapping [fromTick, toTick), in order. */
export function barsInRange(song: Song, fromTick: Ticks, toTick: Ticks): Bar[] {
  const out: Bar[] = []
  let b = barAt(song, Math.max(0, fromTick))
  const sigs = signatures(song)
  while (b.startTick < toTick) {
    out.push(b)
    const next = b.startTick + b.lengthTicks
    // A signature change inside the bar cuts it short: the next bar starts at the change.
    const cut = sigs.find((s) => s.tick > b.startTick && s.tick < next)
    b = barAt(song, cut ? cut.tick : next)
    if (out.length > 100_000) break
  }
  return out
}

/** "bar:beat" display (both 1-based) plus the fractional tick remainder inside the beat, for `tick`. */
export function barBeatLabel(song: Song, tick: Ticks): string {
  const b = barAt(song, tick)
  const beat = Math.floor((tick - b.startTick) / b.beatTicks) + 1
  return `${b.number}:${beat}`
}
