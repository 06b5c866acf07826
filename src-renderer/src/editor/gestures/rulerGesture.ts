// Ruler gesture: a click moves the playhead; a drag sets the loop region (snapped, Alt = free) and enables looping.
import { snapTick } from '../model/snap'
import type { Gesture, GestureContext, PointerSample } from './types'

/** Starts on pointer-down over the ruler; the playhead moves to the pressed tick when the pointer did not drag. */
export function startRuler(ctx: GestureContext, p: PointerSample): Gesture {
  const s = ctx.state
  const at = (q: PointerSample) => snapTick(s.song, q.tick, s.snap, q.alt)
  const from = at(p)
  // The loop region is view state, not an undo step: a cancel simply puts the old one back.
  const before = s.loop
  let dragged = false
  return {
    move(q) {
      const t = at(q)
      if (t === from) return
      dragged = true
      s.loop = { startTick: Math.min(from, t), endTick: Math.max(from, t), enabled: true }
    },
    up() {
      if (!dragged) ctx.seek(from)
    },
    cancel() {
      s.loop = before
    },
  }
}
