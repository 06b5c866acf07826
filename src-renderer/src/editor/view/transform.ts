// Pure pixel ↔ (tick, pitch) mapping of the piano roll's note area, plus zoom/scroll arithmetic.
// x grows with time from `scrollTick`; y grows downwards from pitch `topPitch` (pitch rows are `keyHeight` px).
import type { MidiNote, Ticks } from '@common/music/units'

/** The visible window of the note area. All fields are plain numbers so it can live in `$state.raw`. */
export interface View {
  /** Tick at the left edge (≥ 0). */
  readonly scrollTick: Ticks
  /** Pitch whose row top is at y = 0 (may be fractional while scrolling), 0..127. */
  readonly topPitch: number
  /** Horizontal zoom: pixels per tick (> 0). */
  readonly pxPerTick: number
  /** Vertical zoom: pixels per semitone row. */
  readonly keyHeight: number
  /** Note-area size in CSS pixels. */
  readonly width: number
  readonly height: number
}

export const ZOOM_X_RANGE = [0.005, 8] as const
export const KEY_HEIGHT_RANGE = [4, 40] as const

export const tickToX = (v: View, t: Ticks): number => (t - v.scrollTick) * v.pxPerTick
export const xToTick = (v: View, x: number): Ticks => v.scrollTick + x / v.pxPerTick
/** Top y of pitch `p`'s row. */
export const pitchToY = (v: View, p: MidiNote): number => (v.topPitch - p) * v.keyHeight
/** Pitch whose row contains y (not clamped; callers clamp to 0..127). */
export const yToPitch = (v: View, y: number): MidiNote => Math.ceil(v.topPitch - y / v.keyHeight)
/** Ticks visible: [scrollTick, endTick). */
export const endTick = (v: View): Ticks => v.scrollTick + v.width / v.pxPerTick
/** Lowest pitch whose row is at least partly visible. */
export const bottomPitch = (v: View): MidiNote => Math.max(0, Math.floor(v.topPitch - v.height / v.keyHeight))

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

/** Keeps the view inside the song: tick ≥ 0, pitch rows within 0..127. */
export function clampView(v: View): View {
  const pxPerTick = clamp(v.pxPerTick, ZOOM_X_RANGE[0], ZOOM_X_RANGE[1])
  const keyHeight = clamp(v.keyHeight, KEY_HEIGHT_RANGE[0], KEY_HEIGHT_RANGE[1])
  const rows = v.height / keyHeight
  const topPitch = clamp(v.topPitch, Math.min(127, rows - 1), 127)
  return { ...v, pxPerTick, keyHeight, topPitch, scrollTick: Math.max(0, v.scrollTick) }
}

/** Horizontal zoom by `factor` keeping the tick under `anchorX` fixed. */
export function zoomX(v: View, factor: number, anchorX = v.width / 2): View {
  const t = xToTick(v, anchorX)
  const pxPerTick = clamp(v.pxPerTick * factor, ZOOM_X_RANGE[0], ZOOM_X_RANGE[1])
  return clampView({ ...v, pxPerTick, scrollTick: t - anchorX / pxPerTick })
}

/** Vertical zoom by `factor` keeping the pitch under `anchorY` fixed. */
export function zoomY(v: View, factor: number, anchorY = v.height / 2): View {
  const p = v.topPitch - anchorY / v.keyHeight
  const keyHeight = clamp(v.keyHeight * factor, KEY_HEIGHT_RANGE[0], KEY_HEIGHT_RANGE[1])
  return clampView({ ...v, keyHeight, topPitch: p + anchorY / keyHeight })
}

/** Scrolls by pixels (positive dx → later, positive dy → lower pitches). */
export function scrollBy(v: View, dx: number, dy: number): View {
  return clampView({
    ...v,
    scrollTick: v.scrollTick + dx / v.pxPerTick,
    topPitch: v.topPitch - dy / v.keyHeight,
  })
}

/** Fits [t0, t1) × [pLo, pHi] into the view with a small margin (zoom to selection). */
export function zoomToRange(v: View, t0: Ticks, t1: Ticks, pLo: MidiNote, pHi: MidiNote): View {
  const span = Math.max(1, t1 - t0)
  const pxPerTick = clamp((v.width * 0.9) / span, ZOOM_X_RANGE[0], ZOOM_X_RANGE[1])
  const rows = pHi - pLo + 3
  const keyHeight = clamp(v.height / rows, KEY_HEIGHT_RANGE[0], KEY_HEIGHT_RANGE[1])
  const mid = (pLo + pHi + 1) / 2
  return clampView({
    ...v,
    pxPerTick,
    keyHeight,
    scrollTick: t0 - (v.width * 0.05) / pxPerTick,
    topPitch: mid + v.height / keyHeight / 2,
  })
}

/** Scroll so `tick` is visible; pages forward when it passes the right edge (follow playhead). */
export function follow(v: View, tick: Ticks): View {
  const end = endTick(v)
  if (tick >= v.scrollTick && tick < end - (end - v.scrollTick) * 0.05) return v
  return clampView({ ...v, scrollTick: tick - (v.width * 0.05) / v.pxPerTick })
}
