// Where the tempo track's markers go, apart from the Svelte markup: which changes are shown, where each one's left
// edge is, and which marker a press landed on. Pure, so the lane, the tempo gesture and tests read one answer.
import type { Ticks } from '@common/music/units'
import { endTick, tickToX, type View } from './transform'

export type MarkerKind = 'tempo' | 'meter'
/** A change on the tempo track, named by kind and tick (a tick holds at most one change of each kind). */
export interface TempoMarker {
  readonly kind: MarkerKind
  readonly tick: Ticks
}

/** The BPM as a marker shows it (one decimal). */
export const bpmLabel = (bpm: number): number => Math.round(bpm * 10) / 10

/** Whether a change at `t` is on screen (a tick of slack on the left, so one at the edge counts). */
export const inView = (v: View, t: Ticks): boolean => t >= v.scrollTick - 1 && t <= endTick(v)
/** A change before the left edge, shown pinned there (it is the one in force). */
export const isPinned = (v: View, t: Ticks): boolean => t < v.scrollTick - 1
/** Marker x for tick `t`: never left of the lane, so the change in force stays readable at the edge. */
export const markerX = (v: View, t: Ticks): number => Math.max(0, tickToX(v, t))

/** Changes in view, plus the one in force at the left edge (pinned there) so the lane never looks empty. */
export function visibleChanges<T extends { readonly tick: Ticks }>(v: View, all: readonly T[]): T[] {
  const inForce = all.filter((e) => e.tick <= v.scrollTick).at(-1)
  return all.filter((e) => e === inForce || inView(v, e.tick))
}

/**
 * Left edge (px) of every marker, keyed `kind:tick`: at its tick, but pushed right past the marker before it, so
 * markers close together (or pinned at the left edge) never hide one another. Widths are estimated from the label
 * (the DOM is not measured: this runs in a $derived, before the markers exist).
 */
export function markerLefts(
  v: View,
  meters: readonly { tick: Ticks; numerator: number; denominator: number }[],
  tempos: readonly { tick: Ticks; bpm: number }[],
): Record<string, number> {
  const items = [
    ...meters.map((m) => ({
      key: `meter:${m.tick}`,
      x: markerX(v, m.tick),
      w: 12 + 7 * `${m.numerator}/${m.denominator}`.length,
      order: 0,
    })),
    ...tempos.map((t) => ({
      key: `tempo:${t.tick}`,
      x: markerX(v, t.tick),
      w: 16 + 7 * String(bpmLabel(t.bpm)).length,
      order: 1,
    })),
  ].sort((a, b) => a.x - b.x || a.order - b.order)
  const out: Record<string, number> = {}
  let right = -Infinity
  for (const it of items) {
    const left = Math.max(it.x, right + 2)
    out[it.key] = left
    right = left + it.w
  }
  return out
}

/**
 * The marker a press landed on, read from the pressed element (`data-marker` and `data-tick` on the marker's
 * button). The lane hit-tests through the DOM, not by x: markers are pushed aside by their neighbours, so the tick
 * under the pointer need not be the pressed marker's.
 */
export function markerAt(target: EventTarget | null): TempoMarker | null {
  if (!(target instanceof Element)) return null
  const el = target.closest<HTMLElement>('[data-marker]')
  const kind = el?.dataset.marker
  const tick = Number(el?.dataset.tick)
  if ((kind !== 'tempo' && kind !== 'meter') || !Number.isInteger(tick)) return null
  return { kind, tick }
}
