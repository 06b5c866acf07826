// Grid and snap math: note values 1/1…1/64, triplet and dotted variants, bar-relative snapping, quantize with
// strength and swing. Pure; all lengths in ticks of the song's PPQ.
import type { Song } from '@common/music/song'
import type { Ticks } from '@common/music/units'
import { barAt } from '@common/music/time'

/** Grid denominators offered in the UI (1 = whole note, 64 = 64th). */
export const GRID_DIVISIONS = [1, 2, 4, 8, 16, 32, 64] as const
export type GridDivision = (typeof GRID_DIVISIONS)[number]
export type GridMode = 'straight' | 'triplet' | 'dotted'

/** A snap setting; `enabled: false` = snap off (free placement, 1 tick). */
export interface Snap {
  readonly enabled: boolean
  readonly division: GridDivision
  readonly mode: GridMode
}

export const DEFAULT_SNAP: Snap = { enabled: true, division: 16, mode: 'straight' }

/** Grid step in ticks (may be fractional for triplets at low PPQ). */
export function gridTicks(ppq: number, snap: Pick<Snap, 'division' | 'mode'>): Ticks {
  if (!GRID_DIVISIONS.includes(snap.division))
    throw new Error(`grid division must be one of ${GRID_DIVISIONS.join(', ')}, got ${snap.division}`)
  const base = (ppq * 4) / snap.division
  return snap.mode === 'triplet' ? (base * 2) / 3 : snap.mode === 'dotted' ? base * 1.5 : base
}

/** Snaps `tick` to the nearest grid line measured from the start of its bar; integer result ≥ 0. */
export function snapTick(song: Song, tick: Ticks, snap: Snap, bypass = false): Ticks {
  if (!snap.enabled || bypass) return Math.max(0, Math.round(tick))
  const g = gridTicks(song.ppq, snap)
  const bar = barAt(song, Math.max(0, tick))
  return Math.max(0, Math.round(bar.startTick + Math.round((tick - bar.startTick) / g) * g))
}

/** Floors `tick` to the grid line at or before it (used where a click should land in the cell it hits). */
export function floorTick(song: Song, tick: Ticks, snap: Snap, bypass = false): Ticks {
  if (!snap.enabled || bypass) return Math.max(0, Math.floor(tick))
  const g = gridTicks(song.ppq, snap)
  const bar = barAt(song, Math.max(0, tick))
  return Math.max(0, Math.round(bar.startTick + Math.floor((tick - bar.startTick) / g + 1e-9) * g))
}

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
