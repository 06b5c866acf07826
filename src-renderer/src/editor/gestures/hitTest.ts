// What is under the pointer: a note of the active track and which part (start edge, end edge or body).
import type { Note } from '@common/music/song'
import type { EditorState } from '../EditorState.svelte'
import { noteAt } from '../model/selection'
import { tickToX } from '../view/transform'
import type { PointerSample } from './types'

export interface Hit {
  readonly note: Note
  readonly zone: 'start' | 'end' | 'body'
}

/** Edge grab width in px (narrower on short notes so the body stays grabbable). */
const EDGE_PX = 6

export function hitTest(s: EditorState, p: PointerSample): Hit | null {
  const track = s.activeTrack
  if (!track || p.pitch < 0 || p.pitch > 127) return null
  const note = noteAt(track, p.tick, p.pitch)
  if (!note) return null
  const x0 = tickToX(s.view, note.startTick),
    x1 = tickToX(s.view, note.startTick + note.durationTicks)
  const edge = Math.min(EDGE_PX, (x1 - x0) / 4)
  if (p.x >= x1 - edge) return { note, zone: 'end' }
  if (p.x <= x0 + edge) return { note, zone: 'start' }
  return { note, zone: 'body' }
}
