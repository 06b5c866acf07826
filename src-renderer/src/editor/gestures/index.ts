// The roll's gesture family: one gesture per kind of drag, all of the same shape (`Gesture`), started by one
// dispatcher from the surface that was pressed and driven by one pointer lifecycle (`GestureDriver`). The tempo
// track above the ruler is a surface like the others, so a marker drag captures, cancels and undoes as they do.
import { startKeyPress } from './keyGesture'
import { startNoteAreaGesture } from './noteAreaGesture'
import { startRuler } from './rulerGesture'
import { startTempoMarker } from './tempoGesture'
import type { Gesture, GestureContext, PointerSample, Surface } from './types'
import { startVelocity } from './velocityGesture'

export { doubleClick } from './noteAreaGesture'
export { GestureDriver } from './gestureDriver'
export type { Gesture, GestureContext, PointerSample, Surface } from './types'

/** `target` is the pressed element: the canvases hit-test by x and y, the tempo lane by which marker was pressed. */
type Starter = (ctx: GestureContext, p: PointerSample, target: EventTarget | null) => Gesture | null

const starters: Record<Surface, Starter> = {
  notes: startNoteAreaGesture,
  ruler: startRuler,
  keys: startKeyPress,
  velocity: startVelocity,
  tempo: startTempoMarker,
}

/** Starts the gesture for a press on `surface`; null when the press did all there was to do (a selection click). */
export function startGesture(
  surface: Surface,
  ctx: GestureContext,
  p: PointerSample,
  target: EventTarget | null,
): Gesture | null {
  return starters[surface](ctx, p, target)
}
