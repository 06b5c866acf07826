// Quantize with strength and swing: moves a position toward its grid line. Pure, environment-free: the editor's
// Q command and Compose's quantize-on-insert share it.
import type { Ticks } from './units'

/** Options of `quantizeTick`. */
export interface QuantizeOptions {
  /** Grid step in ticks. */
  readonly grid: Ticks
  /** 0..1: 0 leaves the note, 1 moves it fully onto the grid. */
  readonly strength: number
  /** 0..1: delays every odd grid line by swing × grid/3 (1 = triplet shuffle). */
  readonly swing: number
}

/** Quantized position of `tick` (grid relative to `origin`, e.g. the bar start), rounded to a tick. */
export function quantizeTick(tick: Ticks, opts: QuantizeOptions, origin: Ticks = 0): Ticks {
  const { grid, strength, swing } = opts
  if (!(grid > 0)) throw new Error(`quantize grid must be > 0 ticks, got ${grid}`)
  if (!(strength >= 0 && strength <= 1))
    throw new Error(`quantize strength must be in [0, 1], got ${strength}`)
  if (!(swing >= 0 && swing <= 1)) throw new Error(`swing must be in [0, 1], got ${swing}`)
  const k = Math.round((tick - origin) / grid)
  const target = origin + k * grid + (Math.abs(k) % 2 === 1 ? (swing * grid) / 3 : 0)
  return Math.max(0, Math.round(tick + strength * (target - tick)))
}
