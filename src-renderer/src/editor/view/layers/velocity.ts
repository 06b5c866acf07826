// Velocity lane: one bar per visible note of the active track, height ∝ velocity (1..127); selected highlighted.
import type { Track } from '@common/music/song'
import type { NoteId } from '@common/music/units'
import { forEachNoteInRange } from '../../model/selection'
import { endTick, tickToX, type View } from '../transform'
import { COLORS } from './canvas'

/** y (0 = top) of velocity `vel` in a lane `height` px tall, and back. */
export const velocityToY = (vel: number, height: number): number =>
  height - 2 - ((vel - 1) / 126) * (height - 4)
export const yToVelocity = (y: number, height: number): number =>
  Math.min(127, Math.max(1, Math.round(1 + ((height - 2 - y) / (height - 4)) * 126)))

export function drawVelocityLane(
  ctx: CanvasRenderingContext2D,
  v: View,
  height: number,
  track: Track | undefined,
  selection: ReadonlySet<NoteId>,
  color: string,
): void {
  ctx.fillStyle = '#17191e'
  ctx.fillRect(0, 0, v.width, height)
  ctx.fillStyle = COLORS.gridLine
  for (const vel of [32, 64, 96]) ctx.fillRect(0, Math.round(velocityToY(vel, height)), v.width, 1)
  if (!track) return
  forEachNoteInRange(track.notes, v.scrollTick, endTick(v), (n) => {
    const x = Math.round(tickToX(v, n.startTick))
    const y = velocityToY(n.velocity, height)
    ctx.fillStyle = selection.has(n.id) ? COLORS.selected : color
    ctx.fillRect(x, y, 3, height - y)
    ctx.fillRect(x - 2, y, 7, 2)
  })
}
