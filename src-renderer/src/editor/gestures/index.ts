// The roll's gesture family: one gesture per kind of drag, all of the same shape (`Gesture`), started by one
// dispatcher from the surface that was pressed and driven by one pointer lifecycle (`GestureDriver`).
import { startKeyPress } from './keyGesture'
import { startNoteAreaGesture } from './noteAreaGesture'
import { startRuler } from './rulerGesture'
import type { Gesture, GestureContext, PointerSample, Surface } from './types'
import { startVelocity } from './velocityGesture'

export { doubleClick } from './noteAreaGesture'
export { GestureDriver } from './gestureDriver'
export type { Gesture, GestureContext, PointerSample, Surface } from './types'

const starters: Record<Surface, (ctx: GestureContext, p: PointerSample) => Gesture | null> = {
  notes: startNoteAreaGesture,
  ruler: startRuler,
  keys: startKeyPress,
  velocity: startVelocity,
}

/** Starts the gesture for a press on `surface`; null when the press did all there was to do (a selection click). */
export function startGesture(surface: Surface, ctx: GestureContext, p: PointerSample): Gesture | null {
  return starters[surface](ctx, p)
}
