// Track-level commands: add/rename/remove a track, set its program, and insert a generated clip with provenance.
import type { Song, Track } from '@common/music/song'
import type { NoteId, Ticks, TrackId } from '@common/music/units'
import { type ClipProvenance, clipToText, type GeneratedClip } from '@common/project/project'
import { addNotes, checkDraft, type NoteDraft } from './commandsNotes'
import { freshNoteIds, freshTrackId, trackById, updateTrack } from './songOps'

/** Appends an empty track; returns the song and its id. */
export function addTrack(
  song: Song,
  args: { name?: string; channel?: number; program?: number } = {},
): { song: Song; trackId: TrackId } {
  const id = freshTrackId(song)
  const used = new Set(song.tracks.map((t) => t.channel))
  const channel = args.channel ?? [...Array(16).keys()].find((c) => c !== 9 && !used.has(c)) ?? 0
  const track: Track = {
    id,
    name: args.name ?? `Track ${song.tracks.length + 1}`,
    channel,
    program: args.program ?? 0,
    notes: [],
  }
  return { song: { ...song, tracks: [...song.tracks, track] }, trackId: id }
}

/** Removes a track and its notes. */
export function removeTrack(song: Song, args: { trackId: TrackId }): Song {
  trackById(song, args.trackId)
  return { ...song, tracks: song.tracks.filter((t) => t.id !== args.trackId) }
}

/** Renames a track. */
export function renameTrack(song: Song, args: { trackId: TrackId; name: string }): Song {
  return updateTrack(song, args.trackId, (t) => (t.name === args.name ? t : { ...t, name: args.name }))
}

/** Sets a track's GM program 0..127. */
export function setProgram(song: Song, args: { trackId: TrackId; program: number }): Song {
  if (!Number.isInteger(args.program) || args.program < 0 || args.program > 127)
    throw new Error(`program must be an integer 0..127, got ${args.program}`)
  return updateTrack(song, args.trackId, (t) =>
    t.program === args.program ? t : { ...t, program: args.program },
  )
}

/** Arguments of `insertGenerated`: note times are relative to `atTick`. */
export interface InsertGeneratedArgs {
  /** Target track; omitted → a new track "Generated <n>". */
  readonly trackId?: TrackId
  readonly atTick: Ticks
  readonly notes: readonly NoteDraft[]
  readonly provenance: ClipProvenance
}

/**
 * Inserts generated notes at `atTick` and records a `GeneratedClip` (provenance + note ids) as a song text
 * event, so it survives project save and MIDI export. Returns the song, the clip and the target track id.
 */
export function insertGenerated(song: Song, args: InsertGeneratedArgs): { song: Song; clip: GeneratedClip } {
  if (!(args.atTick >= 0)) throw new Error(`insertGenerated: atTick must be ≥ 0, got ${args.atTick}`)
  const drafts = args.notes.map((n) => ({ ...n, startTick: n.startTick + args.atTick }))
  drafts.forEach(checkDraft)
  let out = song
  let trackId = args.trackId
  if (trackId === undefined) {
    const n = song.tracks.filter((t) => t.name.startsWith('Generated')).length + 1
    ;({ song: out, trackId } = addTrack(out, { name: `Generated ${n}` }))
  } else trackById(song, trackId)
  const ids: NoteId[] = freshNoteIds(out, drafts.length)
  out = addNotes(out, { trackId, notes: drafts.map((d, i) => ({ ...d, id: ids[i] })) })
  const clipNo = (song.texts ?? []).filter((t) => t.startsWith('crnngan-clip:')).length + 1
  const clip: GeneratedClip = {
    id: `clip${clipNo}`,
    trackId,
    noteIds: ids,
    atTick: args.atTick,
    provenance: args.provenance,
  }
  return { song: { ...out, texts: [...(out.texts ?? []), clipToText(clip)] }, clip }
}

/**
 * Appends the tracks of `other` (an imported file) after the song's own, with fresh ids, programs, volume, pan and
 * controllers (the sustain pedal). Notes keep their beats:
 * ticks are rescaled from `other.ppq` to the song's, and the song keeps its tempo and meter. Tracks without notes
 * are skipped; throws naming the file when none has any.
 */
export function addTracksFrom(song: Song, other: Song): { song: Song; trackIds: TrackId[] } {
  const k = song.ppq / other.ppq
  const withNotes = other.tracks.filter((t) => t.notes.length > 0)
  if (withNotes.length === 0) throw new Error(`'${other.name}' has no notes to add`)
  let out = song
  const trackIds: TrackId[] = []
  for (const t of withNotes) {
    const r = addTrack(out, {
      name: `${other.name}: ${t.name || 'track'}`,
      channel: t.channel,
      program: t.program,
    })
    const ids = freshNoteIds(r.song, t.notes.length)
    const notes = t.notes.map((n, i) => ({
      id: ids[i],
      pitch: n.pitch,
      startTick: Math.round(n.startTick * k),
      durationTicks: Math.max(1, Math.round(n.durationTicks * k)),
      velocity: n.velocity,
    }))
    out = addNotes(r.song, { trackId: r.trackId, notes })
    out = updateTrack(out, r.trackId, (x) => ({ ...x, ...mixOf(t, k) }))
    trackIds.push(r.trackId)
  }
  return { song: out, trackIds }
}

/** An imported track's mixer settings and controllers (sustain pedal…), controller ticks rescaled by `k`. */
function mixOf(t: Track, k: number): Pick<Track, 'volume' | 'pan' | 'controllers'> {
  return {
    ...(t.volume !== undefined ? { volume: t.volume } : {}),
    ...(t.pan !== undefined ? { pan: t.pan } : {}),
    ...(t.controllers?.length
      ? { controllers: t.controllers.map((c) => ({ ...c, tick: Math.round(c.tick * k) })) }
      : {}),
  }
}
