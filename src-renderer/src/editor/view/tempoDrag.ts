// Tempo-track gesture: dragging a tempo or meter marker moves the change (tempo on the snap grid, Alt = free; meter
// to the nearest bar line), as one undo step; a press that does not move is a click (the lane opens the editor).
import type { Song } from '@common/music/song'
import type { Ticks } from '@common/music/units'
import type { EditorState } from '../EditorState.svelte'
import { moveMeter, moveTempo } from '../model/commandsTempo'
import { snapTick } from '../model/snap'

export type MarkerKind = 'tempo' | 'meter'

/** Pixels the pointer must travel before a press becomes a drag. */
const DRAG_PX = 3

/** Tick of the change a move just created (the one event object not in `before`). */
function movedTo(kind: MarkerKind, song: Song, before: Song): Ticks | undefined {
  if (kind === 'tempo') return song.tempos.find((t) => !before.tempos.includes(t))?.tick
  return song.timeSignatures.find((m) => !before.timeSignatures.includes(m))?.tick
}

/**
 * Follows the pointer from a press on a marker until release; `done(moved)` is called once. It listens on the
 * window, not on the marker: a moved marker is drawn anew (its key is its tick), so its element goes away mid-drag.
 * The changes at tick 0 do not move.
 */
export function startMarkerDrag(
  s: EditorState,
  e: PointerEvent,
  m: { readonly kind: MarkerKind; readonly tick: Ticks; readonly lane: HTMLElement },
  done: (moved: boolean) => void,
): void {
  const win = m.lane.ownerDocument.defaultView ?? window
  const x0 = e.clientX
  let at = m.tick
  let moved = false
  const key = `tempo-lane-${m.kind}-${m.tick}-${performance.now()}`
  const move = (ev: PointerEvent): void => {
    if (!moved && Math.abs(ev.clientX - x0) < DRAG_PX) return
    moved = true
    if (m.tick === 0) return
    // Relative to where the press was: a marker may be drawn right of its tick (pushed past a neighbour).
    const raw = m.tick + (ev.clientX - x0) / s.view.pxPerTick
    const to = m.kind === 'tempo' ? snapTick(s.song, Math.max(0, raw), s.snap, ev.altKey) : Math.round(raw)
    const before = s.song
    s.apply((song) => (m.kind === 'tempo' ? moveTempo : moveMeter)(song, { from: at, to }), { coalesce: key })
    if (s.song !== before) at = movedTo(m.kind, s.song, before) ?? at
  }
  const up = (): void => {
    win.removeEventListener('pointermove', move)
    win.removeEventListener('pointerup', up)
    s.seal()
    done(moved)
  }
  win.addEventListener('pointermove', move)
  win.addEventListener('pointerup', up)
}
