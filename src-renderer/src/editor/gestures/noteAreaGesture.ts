// A press on the note area: picks the gesture from the tool, modifiers and what is under the pointer.
import type { NoteId } from '@common/music/units'
import { deleteNotes } from '../model/commandsNotes'
import { toggleInSelection } from '../model/selection'
import { startBox } from './boxGesture'
import { startDraw } from './drawGesture'
import { startErase } from './eraseGesture'
import { hitTest } from './hitTest'
import { startMove } from './moveGesture'
import { startResize } from './resizeGesture'
import type { Gesture, GestureContext, PointerSample } from './types'

let lastDrawn: { id: NoteId | undefined; at: number } = { id: undefined, at: 0 }

/** Starts the gesture for a pointer-down; null when the click only changed the selection. */
export function startNoteAreaGesture(ctx: GestureContext, p: PointerSample): Gesture | null {
  const s = ctx.state
  if (s.tool === 'erase') return startErase(ctx, p)
  const hit = hitTest(s, p)
  if (!hit) {
    if (s.tool !== 'draw' || p.shift) return startBox(ctx, p)
    const g = startDraw(ctx, p)
    lastDrawn = { id: [...s.selection][0], at: performance.now() }
    return g
  }
  if (p.shift) {
    s.select(toggleInSelection(s.selection, hit.note.id))
    if (!s.selection.has(hit.note.id)) return null
  } else if (!s.selection.has(hit.note.id)) s.select([hit.note.id])
  ctx.preview(hit.note.pitch, hit.note.velocity)
  if (hit.zone === 'body') return startMove(ctx, p, hit.note)
  return startResize(ctx, p, hit.note, hit.zone)
}

/** Double-click: removes the note under the pointer, or adds one on the grid cell. */
export function doubleClick(ctx: GestureContext, p: PointerSample): void {
  const hit = hitTest(ctx.state, p)
  if (hit) {
    // In the draw tool the double-click's first click already drew this note: keep it.
    if (hit.note.id === lastDrawn.id && performance.now() - lastDrawn.at < 600) return
    ctx.state.apply((song) => ({ song: deleteNotes(song, { ids: new Set([hit.note.id]) }), select: [] }))
    return
  }
  startDraw(ctx, p).up(p)
}
