// Keyboard gesture: pressing a key plays its pitch and shows it held until the pointer is released (anywhere: the
// pointer is captured, so releasing off the keyboard does not leave a key looking stuck).
import type { Gesture, GestureContext, PointerSample } from './types'

export function startKeyPress(ctx: GestureContext, p: PointerSample): Gesture {
  ctx.pressKey(p.pitch)
  ctx.preview(p.pitch, ctx.state.drawVelocity)
  const release = () => ctx.pressKey(null)
  return { move() {}, up: release, cancel: release }
}
