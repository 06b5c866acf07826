// Box-select gesture: rubber band in (tick, pitch) space; Shift adds to the current selection. Selecting is not an
// undo step, so a cancel puts back the selection it started from.
import type { NoteId } from '@common/music/units'
import { notesInBox, unionSelection } from '../model/selection'
import { type Gesture, type GestureContext, type PointerSample } from './types'

export function startBox(ctx: GestureContext, p: PointerSample): Gesture {
  const s = ctx.state
  const original = s.selection
  const before: ReadonlySet<NoteId> = p.shift ? original : new Set()
  const update = (q: PointerSample) => {
    const box = { t0: p.tick, t1: q.tick, p0: p.pitch, p1: q.pitch }
    ctx.setBox(box)
    const track = s.activeTrack
    if (track) s.select(unionSelection(before, notesInBox(track, box.t0, box.t1, box.p0, box.p1)))
  }
  s.select(before)
  return {
    move: update,
    up(q) {
      update(q)
      ctx.setBox(null)
    },
    cancel() {
      ctx.setBox(null)
      s.select(original)
    },
  }
}
