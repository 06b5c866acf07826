// Resize gesture: drags a note's start or end edge (all selected notes change by the same amount).
import type { Note } from '@common/music/song'
import { resizeNotes } from '../model/commandsNotes'
import { gridTicks, snapTick } from '../model/snap'
import { type Gesture, type GestureContext, gestureKey, type PointerSample } from './types'

export function startResize(
  ctx: GestureContext,
  p: PointerSample,
  anchor: Note,
  edge: 'start' | 'end',
): Gesture {
  const s = ctx.state
  const key = gestureKey('resize')
  const origin = s.song
  const ids = s.selection
  const edgeTick = edge === 'end' ? anchor.startTick + anchor.durationTicks : anchor.startTick
  return {
    move(q) {
      const target = snapTick(origin, edgeTick + (q.tick - p.tick), s.snap, q.alt)
      const minTicks = s.snap.enabled && !q.alt ? Math.max(1, Math.round(gridTicks(origin.ppq, s.snap))) : 1
      s.apply(() => resizeNotes(origin, { ids, edge, dTicks: target - edgeTick, minTicks }), {
        coalesce: key,
      })
    },
    up() {
      s.seal()
    },
    cancel() {
      s.abandon(key)
    },
  }
}
