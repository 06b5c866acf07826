// Ruler layer above the roll: bar numbers and beat ticks from the time-signature map, loop region, playhead.
import type { Song } from '@common/music/song'
import type { Ticks } from '@common/music/units'
import type { LoopRegion } from '../../EditorState.svelte'
import { barsInRange } from '@common/music/time'
import { endTick, tickToX, type View } from '../transform'
import { COLORS } from './canvas'

export function drawRuler(
  ctx: CanvasRenderingContext2D,
  v: View,
  height: number,
  song: Song,
  loop: LoopRegion,
  playheadTick: Ticks | null,
): void {
  ctx.fillStyle = '#15171b'
  ctx.fillRect(0, 0, v.width, height)
  if (loop.endTick > loop.startTick) {
    ctx.fillStyle = loop.enabled ? COLORS.loopRuler : 'rgba(140,140,140,0.35)'
    const x0 = tickToX(v, loop.startTick)
    ctx.fillRect(x0, 0, tickToX(v, loop.endTick) - x0, height / 2)
  }
  ctx.font = '10px system-ui, sans-serif'
  ctx.textBaseline = 'top'
  const bars = barsInRange(song, v.scrollTick, endTick(v))
  // Label every k-th bar so numbers never overlap (≥ 28 px apart).
  const barPx = bars.length ? bars[0].lengthTicks * v.pxPerTick : 100
  const every = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1, 28 / barPx))))
  for (const b of bars) {
    const x = Math.round(tickToX(v, b.startTick))
    ctx.fillStyle = COLORS.barLine
    ctx.fillRect(x, height * 0.35, 1, height * 0.65)
    if ((b.number - 1) % every === 0) {
      ctx.fillStyle = COLORS.text
      ctx.fillText(String(b.number), x + 3, 2)
    }
    if (b.beatTicks * v.pxPerTick >= 6) {
      ctx.fillStyle = COLORS.beatLine
      for (let t = b.startTick + b.beatTicks; t < b.startTick + b.lengthTicks - 1e-6; t += b.beatTicks)
        ctx.fillRect(Math.round(tickToX(v, t)), height * 0.7, 1, height * 0.3)
    }
  }
  if (playheadTick !== null) {
    ctx.fillStyle = COLORS.playhead
    ctx.fillRect(Math.round(tickToX(v, playheadTick)) - 1, 0, 2, height)
  }
}
