// Note commands: add, delete, move, resize, duplicate, transpose. Each is pure `(song, args) → song`
// and returns the very same song when it changes nothing (so history can skip no-op steps).
import type { Note, Song } from '@common/music/song'
import type { MidiNote, NoteId, Ticks, TrackId, Velocity } from '@common/music/units'
import { addNotesToTrack, clampPitch, freshNoteIds, mapNotes, notesByIds, trackById } from './songOps'

/** A note to add: id is optional (a fresh one is made). */
export interface NoteDraft {
  readonly id?: NoteId
  readonly pitch: MidiNote
  readonly startTick: Ticks
  readonly durationTicks: Ticks
  readonly velocity: Velocity
}

/** Validates a drafted note; throws naming the bad field and value. */
export function checkDraft(d: NoteDraft): void {
  if (!Number.isInteger(d.pitch) || d.pitch < 0 || d.pitch > 127)
    throw new Error(`note pitch must be an integer 0..127, got ${d.pitch}`)
  if (!(d.startTick >= 0)) throw new Error(`note startTick must be ≥ 0, got ${d.startTick}`)
  if (!(d.durationTicks > 0)) throw new Error(`note durationTicks must be > 0, got ${d.durationTicks}`)
  if (!Number.isInteger(d.velocity) || d.velocity < 1 || d.velocity > 127)
    throw new Error(`note velocity must be an integer 1..127, got ${d.velocity}`)
}

/** Adds notes to `trackId`. New ids are `e<k>`; returns the song (ids are readable via `addedIds`). */
export function addNotes(song: Song, args: { trackId: TrackId; notes: readonly NoteDraft[] }): Song {
  trackById(song, args.trackId)
  args.notes.forEach(checkDraft)
  const ids = freshNoteIds(song, args.notes.length)
  const notes: Note[] = args.notes.map((d, i) => ({
    id: d.id ?? ids[i],
    pitch: d.pitch,
    startTick: Math.round(d.startTick),
    durationTicks: Math.max(1, Math.round(d.durationTicks)),
    velocity: d.velocity,
  }))
  return addNotesToTrack(song, args.trackId, notes)
}

/** Removes the notes with the given ids (any track). */
export function deleteNotes(song: Song, args: { ids: ReadonlySet<NoteId> }): Song {
  return mapNotes(song, args.ids, () => null)
}

/**
 * Moves notes by `dTicks` and `dPitch`. The whole group moves together: the shift is limited so no note
 * goes before tick 0 or outside 0..127, keeping chords and intervals intact.
 */
export function moveNotes(
  song: Song,
  args: { ids: ReadonlySet<NoteId>; dTicks: Ticks; dPitch: number },
): Song {
  const sel = notesByIds(song, args.ids)
  if (sel.length === 0) return song
  let minStart = Infinity,
    minPitch = 127,
    maxPitch = 0
  for (const n of sel) {
    minStart = Math.min(minStart, n.startTick)
    minPitch = Math.min(minPitch, n.pitch)
    maxPitch = Math.max(maxPitch, n.pitch)
  }
  const dt = Math.max(Math.round(args.dTicks), -minStart)
  const dp = Math.min(Math.max(Math.round(args.dPitch), -minPitch), 127 - maxPitch)
  if (dt === 0 && dp === 0) return song
  return mapNotes(song, args.ids, (n) => ({ ...n, startTick: n.startTick + dt, pitch: n.pitch + dp }))
}

/** Transposes by `semitones` (each note clamped to 0..127 on its own, unlike `moveNotes`). */
export function transposeNotes(song: Song, args: { ids: ReadonlySet<NoteId>; semitones: number }): Song {
  if (args.semitones === 0) return song
  return mapNotes(song, args.ids, (n) => {
    const p = clampPitch(n.pitch + args.semitones)
    return p === n.pitch ? n : { ...n, pitch: p }
  })
}

/**
 * Resizes notes from one edge by `dTicks`: `edge: 'end'` changes length, `edge: 'start'` moves the start
 * and keeps the end. Every length stays ≥ `minTicks` (default 1) and starts stay ≥ 0.
 */
export function resizeNotes(
  song: Song,
  args: { ids: ReadonlySet<NoteId>; edge: 'start' | 'end'; dTicks: Ticks; minTicks?: Ticks },
): Song {
  const min = Math.max(1, args.minTicks ?? 1)
  const d = Math.round(args.dTicks)
  if (d === 0) return song
  return mapNotes(song, args.ids, (n) => {
    if (args.edge === 'end') {
      const len = Math.max(min, n.durationTicks + d)
      return len === n.durationTicks ? n : { ...n, durationTicks: len }
    }
    const end = n.startTick + n.durationTicks
    const start = Math.min(Math.max(0, n.startTick + d), end - min)
    return start === n.startTick ? n : { ...n, startTick: start, durationTicks: end - start }
  })
}

/** Sets absolute lengths (e.g. after a draw gesture). */
export function setNoteLength(song: Song, args: { ids: ReadonlySet<NoteId>; durationTicks: Ticks }): Song {
  const len = Math.max(1, Math.round(args.durationTicks))
  return mapNotes(song, args.ids, (n) => (n.durationTicks === len ? n : { ...n, durationTicks: len }))
}

/**
 * Copies the notes and places the copies `offsetTicks` later (default: right after the selection ends).
 * Returns the song and the new ids (the editor selects them).
 */
export function duplicateNotes(
  song: Song,
  args: { ids: ReadonlySet<NoteId>; offsetTicks?: Ticks },
): { song: Song; newIds: NoteId[] } {
  const newIds: NoteId[] = []
  const sel = notesByIds(song, args.ids)
  if (sel.length === 0) return { song, newIds }
  const start = Math.min(...sel.map((n) => n.startTick))
  const end = Math.max(...sel.map((n) => n.startTick + n.durationTicks))
  const offset = Math.round(args.offsetTicks ?? end - start)
  const ids = freshNoteIds(song, sel.length)
  let k = 0
  let out = song
  for (const t of song.tracks) {
    const copies: Note[] = []
    for (const n of t.notes) {
      if (!args.ids.has(n.id)) continue
      const id = ids[k++]
      newIds.push(id)
      copies.push({ ...n, id, startTick: n.startTick + offset })
    }
    out = addNotesToTrack(out, t.id, copies)
  }
  return { song: out, newIds }
}
