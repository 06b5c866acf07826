// Cuts a song down to what is exported: the whole song, a selection of notes, or one generated clip.
// Partial exports are moved to start at the bar containing their first note, with the tempo and meter there.
import type { ControllerEvent, Song, Track } from '@common/music/song'
import type { NoteId } from '@common/music/units'
import { clipsInSong } from '@common/project/project'
import { barAt } from '@common/music/time'

/** What to export. */
export type ExportScope =
  | { readonly kind: 'song' }
  | { readonly kind: 'selection'; readonly ids: ReadonlySet<NoteId> }
  | { readonly kind: 'clip'; readonly clipId: string }

/** The song restricted to `scope`; throws naming the scope when it selects no notes. */
export function extractForExport(song: Song, scope: ExportScope): Song {
  if (scope.kind === 'song') return song
  let ids: ReadonlySet<string>
  if (scope.kind === 'clip') {
    const clip = clipsInSong(song).find((c) => c.id === scope.clipId)
    if (!clip) throw new Error(`export: no generated clip '${scope.clipId}' in song '${song.name}'`)
    ids = new Set(clip.noteIds)
  } else ids = scope.ids
  const tracks = song.tracks
    .map((t) => ({ ...t, notes: t.notes.filter((n) => ids.has(n.id)) }))
    .filter((t) => t.notes.length > 0)
  if (tracks.length === 0)
    throw new Error(
      `export: the ${scope.kind === 'clip' ? `clip '${scope.clipId}'` : 'selection'} has no notes`,
    )
  const first = Math.min(...tracks.map((t) => t.notes[0].startTick))
  const barStart = Math.round(barAt(song, first).startTick)
  const shift = (tick: number) => Math.max(0, tick - barStart)
  const at = <T extends { tick: number }>(events: readonly T[]): T[] => {
    const before = events.filter((e) => e.tick <= barStart)
    const after = events.filter((e) => e.tick > barStart)
    const head = before.length ? [{ ...before[before.length - 1], tick: 0 }] : []
    return [...head, ...after.map((e) => ({ ...e, tick: shift(e.tick) }))]
  }
  const texts =
    scope.kind === 'clip' ? (song.texts ?? []).filter((t) => t.includes(`"id":"${scope.clipId}"`)) : undefined
  return {
    ...song,
    tempos: at(song.tempos),
    timeSignatures: at(song.timeSignatures),
    tracks: tracks.map((t) => ({
      ...t,
      notes: t.notes.map((n) => ({ ...n, startTick: shift(n.startTick) })),
      ...controllersFrom(t.controllers, barStart, shift),
    })),
    texts,
  }
}

/**
 * Controllers from `barStart` on, shifted; the value each controller had just before `barStart` is restated at
 * tick 0, so a pedal held into the exported part stays held (sustain pedal, CC64).
 */
function controllersFrom(
  all: Track['controllers'],
  barStart: number,
  shift: (tick: number) => number,
): Pick<Track, 'controllers'> {
  if (!all || all.length === 0) return { controllers: undefined }
  const before = new Map<number, ControllerEvent>()
  for (const c of all) if (c.tick < barStart) before.set(c.controller, c)
  const head = [...before.values()].map((c) => ({ ...c, tick: 0 }))
  const rest = all.filter((c) => c.tick >= barStart).map((c) => ({ ...c, tick: shift(c.tick) }))
  return { controllers: [...head, ...rest] }
}
