// Ruler gesture: a click moves the playhead; a drag sets the loop region (snapped, Alt = free) and enables looping.
import type { EditorState } from '../EditorState.svelte'
import { snapTick } from '../model/snap'
import { xToTick } from './transform'

/** Starts on pointer-down over the ruler; `onSeek` receives the clicked tick when the pointer did not drag. */
export function startRulerDrag(s: EditorState, e: PointerEvent, onSeek: (tick: number) => void) {
  const at = (ev: PointerEvent) => snapTick(s.song, xToTick(s.view, ev.offsetX), s.snap, ev.altKey)
  const from = at(e)
  let dragged = false
  return {
    move(ev: PointerEvent) {
      const t = at(ev)
      if (t === from) return
      dragged = true
      s.loop = { startTick: Math.min(from, t), endTick: Math.max(from, t), enabled: true }
    },
    up() {
      if (!dragged) onSeek(from)
    },
  }
}
