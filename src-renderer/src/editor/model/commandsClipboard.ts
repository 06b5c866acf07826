// Copy / cut / paste as plain JSON (what goes to the system clipboard), so notes move within and across songs.
// Times are stored relative to the earliest copied note and in the source PPQ; paste rescales to the target PPQ.
import type { Song } from '@common/music/song'
import type { NoteId, Ticks, TrackId } from '@common/music/units'
import { addNotes, deleteNotes, type NoteDraft } from './commandsNotes'
import { freshNoteIds, notesByIds, trackById } from './songOps'

/** Clipboard payload (serialised with JSON.stringify). */
export interface ClipboardNotes {
  readonly kind: 'crnngan-notes'
  readonly version: 1
  readonly ppq: number
  readonly notes: readonly { pitch: number; startTick: Ticks; durationTicks: Ticks; velocity: number }[]
}

/** Selected notes → clipboard payload (null when nothing is selected). */
export function copyNotes(song: Song, ids: ReadonlySet<NoteId>): ClipboardNotes | null {
  const sel = notesByIds(song, ids)
  if (sel.length === 0) return null
  const t0 = Math.min(...sel.map((n) => n.startTick))
  const notes = sel
    .map((n) => ({
      pitch: n.pitch,
      startTick: n.startTick - t0,
      durationTicks: n.durationTicks,
      velocity: n.velocity,
    }))
    .sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
  return { kind: 'crnngan-notes', version: 1, ppq: song.ppq, notes }
}

/** Cut = copy + delete. */
export function cutNotes(song: Song, ids: ReadonlySet<NoteId>): { song: Song; clip: ClipboardNotes | null } {
  return { song: deleteNotes(song, { ids }), clip: copyNotes(song, ids) }
}

/** Parses clipboard text; returns null for text that is not our payload (so foreign clipboards are ignored). */
export function parseClipboard(text: string): ClipboardNotes | null {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  const c = v as Partial<ClipboardNotes> | null
  if (!c || c.kind !== 'crnngan-notes' || c.version !== 1 || !(Number(c.ppq) > 0) || !Array.isArray(c.notes))
    return null
  return c as ClipboardNotes
}

/** Pastes at `atTick` into `trackId`; returns the song and the pasted notes' ids. */
export function pasteNotes(
  song: Song,
  args: { trackId: TrackId; atTick: Ticks; clip: ClipboardNotes },
): { song: Song; newIds: NoteId[] } {
  trackById(song, args.trackId)
  const k = song.ppq / args.clip.ppq
  const ids = freshNoteIds(song, args.clip.notes.length)
  const drafts: NoteDraft[] = args.clip.notes.map((n, i) => ({
    id: ids[i],
    pitch: n.pitch,
    startTick: Math.round(args.atTick + n.startTick * k),
    durationTicks: Math.max(1, Math.round(n.durationTicks * k)),
    velocity: n.velocity,
  }))
  return { song: addNotes(song, { trackId: args.trackId, notes: drafts }), newIds: ids }
}
