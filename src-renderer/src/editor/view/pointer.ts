// Converts DOM pointer events over the note area into musical samples (tick, pitch) for the gestures.
import type { PointerSample } from '../gestures/types'
import { type View, xToTick, yToPitch } from './transform'

/** Pointer sample for `e` relative to `el` under view `v`. */
export function sampleFrom(e: PointerEvent | MouseEvent, el: HTMLElement, v: View): PointerSample {
  const r = el.getBoundingClientRect()
  const x = e.clientX - r.left,
    y = e.clientY - r.top
  return {
    x,
    y,
    tick: Math.max(0, xToTick(v, x)),
    pitch: Math.min(127, Math.max(0, yToPitch(v, y))),
    shift: e.shiftKey,
    alt: e.altKey,
  }
}
