// Erase gesture: deletes every note of the active track the pointer passes over (one undo step per stroke).
import { deleteNotes } from '../model/commandsNotes'
import { hitTest } from './hitTest'
import { type Gesture, type GestureContext, gestureKey, type PointerSample } from './types'

export function startErase(ctx: GestureContext, p: PointerSample): Gesture {
  const s = ctx.state
  const key = gestureKey('erase')
  const erase = (q: PointerSample) => {
    const hit = hitTest(s, q)
    if (hit) s.apply((song) => deleteNotes(song, { ids: new Set([hit.note.id]) }), { coalesce: key })
  }
  erase(p)
  return {
    move: erase,
    up() {
      s.seal()
    },
    cancel() {
      s.abandon(key)
    },
  }
}
