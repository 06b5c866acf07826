// Grid and snap math: note values 1/1…1/64, triplet and dotted variants, bar-relative snapping (quantize with
// strength and swing is common/music/quantize.ts). Pure; all lengths in ticks of the song's PPQ.
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
