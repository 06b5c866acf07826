// Move gesture: drags the selection (or the grabbed note) in time by the snap grid and in pitch by rows.
// Each update recomputes from the song at pointer-down, so the drag is exact and one undo step.
import type { Note } from '@common/music/song'
import { moveNotes } from '../model/commandsNotes'
import { snapTick } from '../model/snap'
import { type Gesture, type GestureContext, gestureKey, type PointerSample } from './types'

export function startMove(ctx: GestureContext, p: PointerSample, anchor: Note): Gesture {
  const s = ctx.state
  const key = gestureKey('move')
  const origin = s.song
  const ids = s.selection
  let lastPitch = anchor.pitch
  return {
    move(q) {
      const newStart = snapTick(origin, anchor.startTick + (q.tick - p.tick), s.snap, q.alt)
      const dPitch = q.pitch - p.pitch
      s.apply(() => moveNotes(origin, { ids, dTicks: newStart - anchor.startTick, dPitch }), {
        coalesce: key,
      })
      const now = anchor.pitch + dPitch
      if (now !== lastPitch && now >= 0 && now <= 127) {
        lastPitch = now
        ctx.preview(now, anchor.velocity)
      }
    },
    up() {
      s.seal()
    },
    cancel() {
      s.abandon(key)
    },
  }
}
