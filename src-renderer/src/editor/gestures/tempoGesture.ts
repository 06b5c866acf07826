// Tempo-track gesture: dragging a tempo or meter marker moves the change (tempo on the snap grid, Alt = free; meter
// to the nearest bar line), as one undo step; a press that does not move is a click, which opens the marker's
// editor. The changes at tick 0 do not move. The surface is the whole lane, not the marker: a moved marker is drawn
// anew (its key is its tick), so the pressed element goes away mid-drag while the lane keeps the captured pointer.
import type { Song } from '@common/music/song'
import type { Ticks } from '@common/music/units'
import { moveMeter, moveTempo } from '../model/commandsTempo'
import { snapTick } from '../model/snap'
import { type MarkerKind, markerAt } from '../view/tempoMarkers'
import { type Gesture, type GestureContext, gestureKey, type PointerSample } from './types'

/** Pixels the pointer must travel before a press becomes a drag (a hand is never quite still on a click). */
const DRAG_PX = 3

/** Tick of the change a move just created (the one event object not in `before`). */
function movedTo(kind: MarkerKind, song: Song, before: Song): Ticks | undefined {
  if (kind === 'tempo') return song.tempos.find((t) => !before.tempos.includes(t))?.tick
  return song.timeSignatures.find((m) => !before.timeSignatures.includes(m))?.tick
}

/** Starts on a press on the tempo lane; null when the press was not on a marker (the lane's own clicks are its). */
export function startTempoMarker(
  ctx: GestureContext,
  p: PointerSample,
  target: EventTarget | null,
): Gesture | null {
  const m = markerAt(target)
  if (!m) return null
  const s = ctx.state
  const key = gestureKey(`tempo-${m.kind}`)
  let at = m.tick
  let moved = false
  return {
    move(q) {
      if (!moved && Math.abs(q.x - p.x) < DRAG_PX) return
      moved = true
      if (m.tick === 0) return
      // Relative to where the press was: a marker may be drawn right of its tick (pushed past a neighbour).
      const raw = m.tick + (q.x - p.x) / s.view.pxPerTick
      const to = m.kind === 'tempo' ? snapTick(s.song, Math.max(0, raw), s.snap, q.alt) : Math.round(raw)
      const before = s.song
      s.apply((song) => (m.kind === 'tempo' ? moveTempo : moveMeter)(song, { from: at, to }), {
        coalesce: key,
      })
      if (s.song !== before) at = movedTo(m.kind, s.song, before) ?? at
    },
    up() {
      s.seal()
      ctx.editMarker(moved ? null : m)
    },
    // The maps go back to what they were; the editor stays as it was before the press (only a release changes it).
    cancel: () => s.abandon(key),
  }
}
