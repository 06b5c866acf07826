// Grid layer: pitch rows (black keys darker, scale tones highlighted) and bar / beat / snap lines.
import type { Song } from '@common/music/song'
import { barsInRange } from '@common/music/time'
import { inScale, type Key } from '@common/music/scale'
import { gridTicks, type Snap } from '../../model/snap'
import { bottomPitch, endTick, pitchToY, tickToX, type View } from '../transform'
import { COLORS } from './canvas'

const BLACK = new Set([1, 3, 6, 8, 10])

/** Draws the background grid of the note area. */
export function drawGrid(
  ctx: CanvasRenderingContext2D,
  v: View,
  song: Song,
  snap: Snap,
  key: Key | null,
): void {
  ctx.fillStyle = COLORS.bg
  ctx.fillRect(0, 0, v.width, v.height)
  const top = Math.min(127, Math.ceil(v.topPitch))
  for (let p = bottomPitch(v); p <= top; p++) {
    const y = pitchToY(v, p)
    const scale = key && inScale(p, key)
    if (scale || BLACK.has(p % 12)) {
      ctx.fillStyle = scale ? COLORS.rowScale : COLORS.rowBlack
      ctx.fillRect(0, y, v.width, v.keyHeight)
    }
    ctx.fillStyle = p % 12 === 0 ? COLORS.octaveLine : COLORS.rowLine
    ctx.fillRect(0, Math.round(y + v.keyHeight) - 0.5, v.width, 1)
  }
  const from = v.scrollTick,
    to = endTick(v)
  const g = snap.enabled ? gridTicks(song.ppq, snap) : 0
  for (const bar of barsInRange(song, from, to)) {
    const barEnd = bar.startTick + bar.lengthTicks
    // Grid lines only when they are at least 6 px apart; beats at least 4 px.
    if (g > 0 && g * v.pxPerTick >= 6) {
      ctx.fillStyle = COLORS.gridLine
      for (let t = bar.startTick + g; t < barEnd - 1e-6; t += g)
        ctx.fillRect(Math.round(tickToX(v, t)), 0, 1, v.height)
    }
    if (bar.beatTicks * v.pxPerTick >= 4) {
      ctx.fillStyle = COLORS.beatLine
      for (let t = bar.startTick + bar.beatTicks; t < barEnd - 1e-6; t += bar.beatTicks)
        ctx.fillRect(Math.round(tickToX(v, t)), 0, 1, v.height)
    }
    ctx.fillStyle = COLORS.barLine
    ctx.fillRect(Math.round(tickToX(v, bar.startTick)), 0, 1, v.height)
  }
}
