// Overlay layer (redrawn every animation frame while playing): loop shading, selection box, playhead.
import type { Ticks } from '@common/music/units'
import type { LoopRegion } from '../../EditorState.svelte'
import { pitchToY, tickToX, type View } from '../transform'
import { COLORS } from './canvas'

/** A rubber-band box in (tick, pitch) space. */
export interface Box {
  readonly t0: Ticks
  readonly t1: Ticks
  readonly p0: number
  readonly p1: number
}

export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  v: View,
  box: Box | null,
  playheadTick: Ticks | null,
  loop: LoopRegion,
): void {
  ctx.clearRect(0, 0, v.width, v.height)
  if (loop.enabled && loop.endTick > loop.startTick) {
    ctx.fillStyle = COLORS.loop
    const x0 = tickToX(v, loop.startTick)
    ctx.fillRect(x0, 0, tickToX(v, loop.endTick) - x0, v.height)
  }
  if (box) {
    const x0 = tickToX(v, Math.min(box.t0, box.t1)),
      x1 = tickToX(v, Math.max(box.t0, box.t1))
    const y0 = pitchToY(v, Math.max(box.p0, box.p1)),
      y1 = pitchToY(v, Math.min(box.p0, box.p1)) + v.keyHeight
    ctx.fillStyle = COLORS.box
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0)
    ctx.strokeStyle = COLORS.boxLine
    ctx.strokeRect(x0 + 0.5, y0 + 0.5, x1 - x0, y1 - y0)
  }
  if (playheadTick !== null) {
    const x = Math.round(tickToX(v, playheadTick))
    if (x >= 0 && x <= v.width) {
      ctx.fillStyle = COLORS.playhead
      ctx.fillRect(x - 1, 0, 2, v.height)
    }
  }
}
