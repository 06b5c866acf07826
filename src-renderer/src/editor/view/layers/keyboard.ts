// Keyboard layer at the left of the roll: white/black keys, note names (C4 = 60), scale tones marked.
import { inScale, type Key, noteName } from '@common/music/scale'
import { bottomPitch, pitchToY, type View } from '../transform'
import { COLORS } from './canvas'

const BLACK = new Set([1, 3, 6, 8, 10])

/** Draws keys into a canvas `width` px wide and `v.height` tall; `pressed` is the pitch being previewed. */
export function drawKeyboard(
  ctx: CanvasRenderingContext2D,
  v: View,
  width: number,
  key: Key | null,
  pressed: number | null,
): void {
  ctx.clearRect(0, 0, width, v.height)
  ctx.font = `${Math.min(10, Math.max(7, v.keyHeight - 3))}px system-ui, sans-serif`
  ctx.textBaseline = 'middle'
  const top = Math.min(127, Math.ceil(v.topPitch))
  for (let p = bottomPitch(v); p <= top; p++) {
    const y = pitchToY(v, p)
    const black = BLACK.has(p % 12)
    ctx.fillStyle = p === pressed ? COLORS.selected : black ? COLORS.keyBlack : COLORS.keyWhite
    ctx.fillRect(0, y, black ? width * 0.62 : width, v.keyHeight)
    if (black) {
      ctx.fillStyle = COLORS.keyWhite
      ctx.fillRect(width * 0.62, y, width * 0.38, v.keyHeight)
    }
    ctx.fillStyle = '#9aa3ae'
    ctx.fillRect(0, Math.round(y + v.keyHeight) - 0.5, width, p % 12 === 0 ? 1 : 0.5)
    if (key && inScale(p, key)) {
      ctx.fillStyle = COLORS.keyScale
      ctx.fillRect(width - 5, y + 1, 4, v.keyHeight - 2)
    }
    if (p % 12 === 0 || (v.keyHeight >= 14 && !black)) {
      ctx.fillStyle = '#333'
      ctx.fillText(noteName(p), width * 0.64, y + v.keyHeight / 2)
    }
  }
}
