// Selection helpers: hit-testing notes, box selection, shift-toggle. Selections are immutable Sets of note ids.
import type { Note, Song, Track } from '@common/music/song'
import type { MidiNote, NoteId, Ticks } from '@common/music/units'

/** Index of the first note with startTick ≥ `tick` in a sorted note array (binary search). */
export function lowerBound(notes: readonly Note[], tick: Ticks): number {
  let lo = 0,
    hi = notes.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (notes[mid].startTick < tick) lo = mid + 1
    else hi = mid
  }
  return lo
}

const maxDurCache = new WeakMap<readonly Note[], number>()
/** Longest note in the array (cached per array identity, which changes on every edit). */
export function maxDuration(notes: readonly Note[]): Ticks {
  let m = maxDurCache.get(notes)
  if (m === undefined) {
    m = 0
    for (const n of notes) if (n.durationTicks > m) m = n.durationTicks
    maxDurCache.set(notes, m)
  }
  return m
}

/**
 * Calls `fn` for each note that overlaps [fromTick, toTick): binary search from `fromTick − maxDuration`,
 * so the cost is proportional to the visible notes, not the track.
 */
export function forEachNoteInRange(
  notes: readonly Note[],
  fromTick: Ticks,
  toTick: Ticks,
  fn: (n: Note) => void,
): void {
  const start = lowerBound(notes, fromTick - maxDuration(notes))
  for (let i = start; i < notes.length; i++) {
    const n = notes[i]
    if (n.startTick >= toTick) break
    if (n.startTick + n.durationTicks > fromTick) fn(n)
  }
}

/** Topmost note of `track` under (tick, pitch), or undefined. The latest-starting note wins. */
export function noteAt(track: Track, tick: Ticks, pitch: MidiNote): Note | undefined {
  let hit: Note | undefined
  forEachNoteInRange(track.notes, tick, tick + 1, (n) => {
    if (n.pitch === pitch) hit = n
  })
  return hit
}

/** Ids of notes of `track` intersecting the box [t0,t1) × [p0,p1] (any corner order). */
export function notesInBox(track: Track, t0: Ticks, t1: Ticks, p0: MidiNote, p1: MidiNote): Set<NoteId> {
  const [a, b] = t0 <= t1 ? [t0, t1] : [t1, t0]
  const [lo, hi] = p0 <= p1 ? [p0, p1] : [p1, p0]
  const out = new Set<NoteId>()
  forEachNoteInRange(track.notes, a, Math.max(b, a + 1), (n) => {
    if (n.pitch >= lo && n.pitch <= hi) out.add(n.id)
  })
  return out
}

/** Shift-click semantics: toggles `id` in the selection (a new Set). */
export function toggleInSelection(sel: ReadonlySet<NoteId>, id: NoteId): Set<NoteId> {
  const out = new Set(sel)
  if (out.has(id)) out.delete(id)
  else out.add(id)
  return out
}

/** Union of two selections. */
export const unionSelection = (a: ReadonlySet<NoteId>, b: ReadonlySet<NoteId>): Set<NoteId> =>
  new Set([...a, ...b])

/** Every note id of the given tracks (select all). */
export function allNoteIds(song: Song, trackIds?: ReadonlySet<string>): Set<NoteId> {
  const out = new Set<NoteId>()
  for (const t of song.tracks) if (!trackIds || trackIds.has(t.id)) for (const n of t.notes) out.add(n.id)
  return out
}

/** Selection minus ids that no longer exist in `song` (after undo or delete). */
export function pruneSelection(song: Song, sel: ReadonlySet<NoteId>): ReadonlySet<NoteId> {
  if (sel.size === 0) return sel
  const alive = allNoteIds(song)
  let same = true
  for (const id of sel) if (!alive.has(id)) same = false
  return same ? sel : new Set([...sel].filter((id) => alive.has(id)))
}

/**
 * An immutable set (`$state.raw` holds these and replaces them on change, so Svelte's mutable SvelteSet is not
 * wanted here).
 */
export const frozenSet = <T>(items: Iterable<T> = []): ReadonlySet<T> => new Set(items)

/** A new set with `v` added or removed. */
export function toggled<T>(set: ReadonlySet<T>, v: T): ReadonlySet<T> {
  const out = new Set(set)
  if (out.has(v)) out.delete(v)
  else out.add(v)
  return out
}
