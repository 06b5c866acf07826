// Velocity-lane gesture: plain drag paints the velocity of the notes under the pointer; Shift+drag draws a line and
// ramps every note between its ends. Applies to the selection when there is one. One undo step per drag.
import type { NoteId } from '@common/music/units'
import { rampVelocity, setVelocity } from '../model/commandsTransform'
import { forEachNoteInRange } from '../model/selection'
import { VELOCITY_LANE_H } from '../view/layout'
import { yToVelocity } from '../view/layers/velocity'
import { xToTick } from '../view/transform'
import { type Gesture, type GestureContext, gestureKey, type PointerSample } from './types'

export function startVelocity(ctx: GestureContext, p: PointerSample): Gesture {
  const s = ctx.state
  const key = gestureKey('velocity')
  const origin = s.song
  // Ticks from x unclamped (not the sample's tick, which stops at 0): a ramp dragged past the left edge keeps its slope.
  const tickAt = (q: PointerSample) => xToTick(s.view, q.x)
  const t0 = tickAt(p),
    v0 = yToVelocity(p.y, VELOCITY_LANE_H)
  const line = p.shift
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
  const paint = (q: PointerSample) => {
    const t = tickAt(q)
    const v = yToVelocity(q.y, VELOCITY_LANE_H)
    if (line) {
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
  paint(p)
  return { move: paint, up: () => s.seal(), cancel: () => s.abandon(key) }
}
