// Draw gesture: click places a note on the grid cell under the pointer, dragging right sets its length.
import type { NoteId } from '@common/music/units'
import { addNotes, setNoteLength } from '../model/commandsNotes'
import { freshNoteIds } from '../model/songOps'
import { floorTick, gridTicks, snapTick } from '../model/snap'
import { type Gesture, type GestureContext, gestureKey, type PointerSample } from './types'

export function startDraw(ctx: GestureContext, p: PointerSample): Gesture {
  const s = ctx.state
  const key = gestureKey('draw')
  const start = floorTick(s.song, p.tick, s.snap, p.alt)
  const unit =
    s.snap.enabled && !p.alt
      ? Math.max(1, Math.round(gridTicks(s.song.ppq, s.snap)))
      : Math.round(s.song.ppq / 4)
  const [id] = freshNoteIds(s.song, 1) as [NoteId]
  const pitch = Math.min(127, Math.max(0, p.pitch))
  s.apply(
    (song) => ({
      song: addNotes(song, {
        trackId: s.activeTrackId,
        notes: [{ id, pitch, startTick: start, durationTicks: unit, velocity: s.drawVelocity }],
      }),
      select: [id],
    }),
    { coalesce: key },
  )
  ctx.preview(pitch, s.drawVelocity)
  const ids = new Set([id])
  return {
    move(q) {
      const end = snapTick(s.song, q.tick, s.snap, q.alt)
      const len = Math.max(q.alt || !s.snap.enabled ? 1 : unit, end - start)
      s.apply((song) => setNoteLength(song, { ids, durationTicks: len }), { coalesce: key })
    },
    up() {
      s.seal()
    },
    cancel() {
      s.abandon(key)
    },
  }
}
