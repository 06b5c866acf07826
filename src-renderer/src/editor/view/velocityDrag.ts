// Velocity-lane drag: plain drag paints the velocity of the notes under the pointer; Shift+drag draws a line and
// ramps every note between its ends. Applies to the selection when there is one. One undo step per drag.
import type { NoteId } from '@common/music/units'
import type { EditorState } from '../EditorState.svelte'
import { rampVelocity, setVelocity } from '../model/commandsTransform'
import { forEachNoteInRange } from '../model/selection'
import { yToVelocity } from './layers/velocity'
import { xToTick } from './transform'
import { gestureKey } from '../gestures/types'

export function startVelocityDrag(s: EditorState, e: PointerEvent, height: number) {
  const key = gestureKey('velocity')
  const origin = s.song
  const x0 = e.offsetX,
    v0 = yToVelocity(e.offsetY, height)
  const line = e.shiftKey
  const slop = 4 / s.view.pxPerTick
  const targets = (a: number, b: number): Set<NoteId> => {
    const out = new Set<NoteId>()
    const track = origin.tracks.find((t) => t.id === s.activeTrackId)
    if (!track) return out
    const [lo, hi] = [Math.min(a, b) - slop, Math.max(a, b) + slop]
    forEachNoteInRange(track.notes, lo, hi + 1, (n) => {
      if (n.startTick >= lo && n.startTick <= hi && (s.selection.size === 0 || s.selection.has(n.id)))
        out.add(n.id)
    })
    return out
  }
  const paint = (ev: PointerEvent) => {
    const t = xToTick(s.view, ev.offsetX)
    const v = yToVelocity(ev.offsetY, height)
    if (line) {
      const t0 = xToTick(s.view, x0)
      s.apply(
        () =>
          rampVelocity(origin, {
            ids: targets(t0, t),
            from: t <= t0 ? v : v0,
            to: t <= t0 ? v0 : v,
            fromTick: Math.min(t0, t),
            toTick: Math.max(t0, t),
          }),
        { coalesce: key },
      )
    } else s.apply((song) => setVelocity(song, { ids: targets(t, t), velocity: v }), { coalesce: key })
  }
  paint(e)
  return { move: paint, up: () => s.seal() }
}
