// Transform commands over a selection: quantize (strength, swing), fit to scale, velocity set/ramp/relative.
import type { Note, Song } from '@common/music/song'
import type { NoteId, Ticks, Velocity } from '@common/music/units'
import { barAt } from '@common/music/time'
import { nearestInScale, type Key } from '@common/music/scale'
import { type QuantizeOptions, quantizeTick } from '@common/music/quantize'
import { clampVelocity, mapNotes, notesByIds } from './songOps'

/**
 * Quantizes note starts onto the grid (measured from each note's bar start); lengths are kept. Notes of one track
 * and pitch that end up on the same tick are merged into one (see {@link mergeStackedNotes}): two keys cannot
 * sound the same pitch twice at once, and stacked copies would hide under each other on the roll.
 */
export function quantizeNotes(song: Song, args: { ids: ReadonlySet<NoteId> } & QuantizeOptions): Song {
  const moved = mapNotes(song, args.ids, (n) => {
    const start = quantizeTick(n.startTick, args, barAt(song, n.startTick).startTick)
    return start === n.startTick ? n : { ...n, startTick: start }
  })
  return mergeStackedNotes(moved, args.ids)
}

/**
 * Merges notes of the same track and pitch that start on the same tick when one of them is in `ids`: the first
 * (in id order, preferring one in `ids`) is kept with the latest end and the highest velocity; the others go.
 * Returns the same song when nothing is stacked.
 */
export function mergeStackedNotes(song: Song, ids: ReadonlySet<NoteId>): Song {
  let changed = false
  const tracks = song.tracks.map((t) => {
    const groups = new Map<string, Note[]>()
    for (const n of t.notes) {
      const key = `${n.startTick}:${n.pitch}`
      const g = groups.get(key)
      if (g) g.push(n)
      else groups.set(key, [n])
    }
    const drop = new Set<Note>()
    const replace = new Map<Note, Note>()
    for (const g of groups.values()) {
      if (g.length < 2 || !g.some((n) => ids.has(n.id))) continue
      const keep = g.find((n) => ids.has(n.id))!
      const end = Math.max(...g.map((n) => n.startTick + n.durationTicks))
      const velocity = Math.max(...g.map((n) => n.velocity))
      replace.set(keep, { ...keep, durationTicks: end - keep.startTick, velocity })
      for (const n of g) if (n !== keep) drop.add(n)
    }
    if (drop.size === 0) return t
    changed = true
    return { ...t, notes: t.notes.filter((n) => !drop.has(n)).map((n) => replace.get(n) ?? n) }
  })
  return changed ? { ...song, tracks } : song
}

/** Moves each note to the nearest pitch of `key` (ties go down). */
export function fitToScale(song: Song, args: { ids: ReadonlySet<NoteId>; key: Key }): Song {
  return mapNotes(song, args.ids, (n) => {
    const p = nearestInScale(n.pitch, args.key)
    return p === n.pitch ? n : { ...n, pitch: p }
  })
}

/** Sets every selected note's velocity to `velocity` (1..127). */
export function setVelocity(song: Song, args: { ids: ReadonlySet<NoteId>; velocity: Velocity }): Song {
  const v = clampVelocity(args.velocity)
  return mapNotes(song, args.ids, (n) => (n.velocity === v ? n : { ...n, velocity: v }))
}

/**
 * Relative velocity change of many notes: `v' = v × scale + add`, clamped to 1..127
 * (add = +10 → louder by 10; scale = 0.5 → half as loud).
 */
export function changeVelocity(
  song: Song,
  args: { ids: ReadonlySet<NoteId>; add?: number; scale?: number },
): Song {
  const add = args.add ?? 0
  const scale = args.scale ?? 1
  if (!(scale >= 0)) throw new Error(`velocity scale must be ≥ 0, got ${scale}`)
  return mapNotes(song, args.ids, (n) => {
    const v = clampVelocity(n.velocity * scale + add)
    return v === n.velocity ? n : { ...n, velocity: v }
  })
}

/**
 * Line ramp: velocity goes linearly from `from` at `fromTick` to `to` at `toTick` across the selected notes
 * (notes outside the range take the nearer end value). Default range: first to last selected start.
 */
export function rampVelocity(
  song: Song,
  args: { ids: ReadonlySet<NoteId>; from: Velocity; to: Velocity; fromTick?: Ticks; toTick?: Ticks },
): Song {
  const sel = notesByIds(song, args.ids)
  if (sel.length === 0) return song
  const t0 = args.fromTick ?? Math.min(...sel.map((n) => n.startTick))
  const t1 = args.toTick ?? Math.max(...sel.map((n) => n.startTick))
  return mapNotes(song, args.ids, (n) => {
    const f = t1 === t0 ? 0 : Math.min(1, Math.max(0, (n.startTick - t0) / (t1 - t0)))
    const v = clampVelocity(args.from + f * (args.to - args.from))
    return v === n.velocity ? n : { ...n, velocity: v }
  })
}
