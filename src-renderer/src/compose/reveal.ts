// Where the piano roll should look after a candidate is inserted: the inserted notes' bars and register, at a
// readable zoom. Pure (view in, view out) so the Compose screen can test it without a canvas.
import type { Note } from '@common/music/song'
import type { EditorState } from '../editor/index'

/** The editor's visible window (ticks × pitch rows); see editor/view/transform.ts. */
export type RollView = EditorState['view']

/** Readable pitch-row heights in CSS px: taller rows make a short phrase fill the roll with a few huge keys. */
export const REVEAL_KEY_HEIGHT = [9, 16] as const
/**
 * Bars shown at least and at most. The minimum is small (a sixteenth of a bar) because an early model's phrase can
 * last a few ticks: shown within a whole bar its notes would be under a pixel wide, an almost empty roll.
 * The maximum keeps a long phrase's first bars legible.
 */
export const REVEAL_BARS = [1 / 16, 8] as const

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

/**
 * A view that shows `notes`: starts just before the first onset, spans their time (1/16..8 bars of `barTicks`),
 * centres their pitch range with rows of 9..16 px. Other view fields (size) are kept; the editor clamps the result
 * to pitches 0..127, so very low or high phrases end up at the bottom or top edge, still visible.
 * Returns `view` unchanged when `notes` is empty.
 */
export function revealView(view: RollView, notes: readonly Note[], barTicks: number): RollView {
  if (notes.length === 0 || view.width <= 0 || view.height <= 0) return view
  if (!(barTicks > 0)) throw new Error(`barTicks must be > 0, got ${barTicks}`)
  let t0 = Infinity,
    t1 = -Infinity,
    lo = 127,
    hi = 0
  for (const n of notes) {
    t0 = Math.min(t0, n.startTick)
    t1 = Math.max(t1, n.startTick + n.durationTicks)
    lo = Math.min(lo, n.pitch)
    hi = Math.max(hi, n.pitch)
  }
  const span = clamp(t1 - t0, barTicks * REVEAL_BARS[0], barTicks * REVEAL_BARS[1])
  const pxPerTick = (view.width * 0.9) / span
  const rows = hi - lo + 1 + 6 // three spare rows above and below
  const keyHeight = clamp(view.height / rows, REVEAL_KEY_HEIGHT[0], REVEAL_KEY_HEIGHT[1])
  const mid = (lo + hi + 1) / 2
  return {
    ...view,
    pxPerTick,
    keyHeight,
    scrollTick: Math.max(0, t0 - (view.width * 0.05) / pxPerTick),
    topPitch: mid + view.height / keyHeight / 2,
  }
}
