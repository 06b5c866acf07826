// Notes layer: ghost notes of other tracks, then the active track's notes coloured by velocity, selected ones
// highlighted. Only notes inside the visible window are visited (binary search over sorted notes).
import type { Song, Track } from '@common/music/song'
import type { NoteId, TrackId } from '@common/music/units'
import { noteName } from '@common/music/scale'
import { forEachNoteInRange } from '../../model/selection'
import { endTick, pitchToY, tickToX, type View } from '../transform'
import { COLORS, TRACK_COLORS, velocityColor } from './canvas'

/** What the notes layer needs besides the view. */
export interface NotesLayerInput {
  readonly song: Song
  readonly activeTrackId: TrackId
  readonly selection: ReadonlySet<NoteId>
  readonly showGhosts: boolean
  readonly muted: ReadonlySet<TrackId>
}

/** Draws notes; returns how many were drawn (used by the bench to check culling). */
export function drawNotes(ctx: CanvasRenderingContext2D, v: View, input: NotesLayerInput): number {
  ctx.clearRect(0, 0, v.width, v.height)
  const from = v.scrollTick,
    to = endTick(v)
  const lo = v.topPitch - v.height / v.keyHeight - 1,
    hi = v.topPitch + 1
  let drawn = 0
  if (input.showGhosts) {
    ctx.fillStyle = COLORS.ghost
    for (const t of input.song.tracks) {
      if (t.id === input.activeTrackId) continue
      forEachNoteInRange(t.notes, from, to, (n) => {
        if (n.pitch < lo || n.pitch > hi) return
        ctx.fillRect(
          tickToX(v, n.startTick),
          pitchToY(v, n.pitch) + 1,
          Math.max(1, n.durationTicks * v.pxPerTick),
          v.keyHeight - 2,
        )
        drawn++
      })
    }
  }
  const idx = input.song.tracks.findIndex((t) => t.id === input.activeTrackId)
  const active: Track | undefined = input.song.tracks[idx]
  if (!active) return drawn
  const base = TRACK_COLORS[idx % TRACK_COLORS.length]
  const dim = input.muted.has(active.id)
  const labels = v.keyHeight >= 11
  ctx.globalAlpha = dim ? 0.45 : 1
  ctx.font = `${Math.min(11, v.keyHeight - 2)}px system-ui, sans-serif`
  ctx.textBaseline = 'middle'
  forEachNoteInRange(active.notes, from, to, (n) => {
    if (n.pitch < lo || n.pitch > hi) return
    const x = tickToX(v, n.startTick),
      y = pitchToY(v, n.pitch)
    const w = Math.max(2, n.durationTicks * v.pxPerTick),
      h = v.keyHeight - 1
    const sel = input.selection.has(n.id)
    ctx.fillStyle = sel ? COLORS.selected : velocityColor(base, n.velocity)
    ctx.fillRect(x, y + 0.5, w, h)
    ctx.strokeStyle = COLORS.outline
    ctx.strokeRect(x + 0.5, y + 1, w - 1, h - 1)
    if (labels && w > 26) {
      ctx.fillStyle = sel ? '#222' : 'rgba(255,255,255,0.85)'
      ctx.fillText(noteName(n.pitch), x + 3, y + v.keyHeight / 2, w - 4)
    }
    drawn++
  })
  ctx.globalAlpha = 1
  return drawn
}
