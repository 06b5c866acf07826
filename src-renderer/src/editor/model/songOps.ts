// Structural-sharing helpers every command builds on: only the tracks and notes that change are copied,
// so the history can keep hundreds of songs for little more than one.
import type { Note, Song, Track } from '@common/music/song'
import type { NoteId, TrackId } from '@common/music/units'

/** Orders notes the way `Track.notes` requires: startTick, then pitch, then id (stable across runs). */
export function compareNotes(a: Note, b: Note): number {
  return a.startTick - b.startTick || a.pitch - b.pitch || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** Returns `notes` sorted (a copy); already-sorted input is returned as is. */
export function sortNotes(notes: readonly Note[]): readonly Note[] {
  for (let i = 1; i < notes.length; i++) {
    if (compareNotes(notes[i - 1], notes[i]) > 0) return [...notes].sort(compareNotes)
  }
  return notes
}

/** The track with `id`; throws naming the id when absent. */
export function trackById(song: Song, id: TrackId): Track {
  const t = song.tracks.find((x) => x.id === id)
  if (!t) throw new Error(`no track with id '${id}' in song '${song.name}'`)
  return t
}

/** Song with one track replaced by `fn(track)`; the same song object if nothing changed. */
export function updateTrack(song: Song, id: TrackId, fn: (t: Track) => Track): Song {
  let changed = false
  const tracks = song.tracks.map((t) => {
    if (t.id !== id) return t
    const n = fn(t)
    if (n !== t) changed = true
    return n
  })
  return changed ? { ...song, tracks } : song
}

/**
 * Maps every note whose id is in `ids` through `fn` (returning null deletes it), in every track.
 * Unchanged tracks keep their identity; changed tracks are re-sorted.
 */
export function mapNotes(song: Song, ids: ReadonlySet<NoteId>, fn: (n: Note, t: Track) => Note | null): Song {
  if (ids.size === 0) return song
  let changed = false
  const tracks = song.tracks.map((t) => {
    let out: Note[] | null = null
    for (let i = 0; i < t.notes.length; i++) {
      const n = t.notes[i]
      if (!ids.has(n.id)) {
        if (out) out.push(n)
        continue
      }
      const m = fn(n, t)
      if (m === n) {
        if (out) out.push(n)
        continue
      }
      if (!out) out = t.notes.slice(0, i)
      if (m) out.push(m)
    }
    if (!out) return t
    changed = true
    return { ...t, notes: sortNotes(out) }
  })
  return changed ? { ...song, tracks } : song
}

/** Adds notes to a track (keeps it sorted). */
export function addNotesToTrack(song: Song, trackId: TrackId, notes: readonly Note[]): Song {
  if (notes.length === 0) return song
  return updateTrack(song, trackId, (t) => ({ ...t, notes: sortNotes([...t.notes, ...notes]) }))
}

/** All notes whose id is in `ids`, across tracks, in track then time order. */
export function notesByIds(song: Song, ids: ReadonlySet<NoteId>): Note[] {
  const out: Note[] = []
  if (ids.size === 0) return out
  for (const t of song.tracks) for (const n of t.notes) if (ids.has(n.id)) out.push(n)
  return out
}

/** Clamps to the MIDI range 0..127 (pitch) or 1..127 (velocity), rounding to an integer. */
export const clampPitch = (p: number): number => Math.min(127, Math.max(0, Math.round(p)))
export const clampVelocity = (v: number): number => Math.min(127, Math.max(1, Math.round(v)))

/**
 * `count` fresh note ids not used in `song`: `e<k>` with k above every existing `e<k>`.
 * Deterministic so commands stay pure and tests reproducible.
 */
export function freshNoteIds(song: Song, count: number): NoteId[] {
  let max = 0
  for (const t of song.tracks) {
    for (const n of t.notes) {
      if (n.id.charCodeAt(0) === 101 /* 'e' */) {
        const k = Number(n.id.slice(1))
        if (Number.isInteger(k) && k > max) max = k
      }
    }
  }
  return Array.from({ length: count }, (_, i) => `e${max + 1 + i}` as NoteId)
}

/** A fresh track id `track<k>` not used in `song`. */
export function freshTrackId(song: Song): TrackId {
  const used = new Set(song.tracks.map((t) => t.id as string))
  let k = song.tracks.length + 1
  while (used.has(`track${k}`)) k++
  return `track${k}` as TrackId
}
