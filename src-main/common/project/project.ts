// The studio's saved document: a song plus the provenance of every generated clip in it, versioned JSON.
// Provenance also travels inside the song as a text meta event so exported MIDI keeps "what made this".
import { z } from 'zod'
import type { Song } from '../music/song'
import type { NoteId, TrackId } from '../music/units'

/** Current on-disk format version written by `serializeProject`. */
export const PROJECT_VERSION = 1
/** Prefix of the song text meta event that carries one clip's provenance as JSON. */
export const CLIP_TEXT_PREFIX = 'crnngan-clip:'

/** What produced a generated clip: enough to regenerate it exactly. */
export interface ClipProvenance {
  /** Training run id. */
  readonly run: string
  /** Checkpoint id or hash within the run. */
  readonly checkpoint: string
  /** Sampling RNG seed (integer). */
  readonly seed: number
  /** Sampling settings (temperature, length, …) as plain JSON. */
  readonly settings: Readonly<Record<string, unknown>>
}

/** One generated clip inserted into the song. */
export interface GeneratedClip {
  readonly id: string
  readonly trackId: TrackId
  /** Ids of the notes the clip inserted (edits may later remove some). */
  readonly noteIds: readonly NoteId[]
  /** Tick the clip was inserted at. */
  readonly atTick: number
  readonly provenance: ClipProvenance
}

/** A saved studio document. */
export interface Project {
  readonly version: number
  readonly song: Song
  readonly clips: readonly GeneratedClip[]
}

const int = z.number().int()
const noteSchema = z.object({
  id: z.string().min(1),
  pitch: int.min(0).max(127),
  startTick: z.number().min(0),
  durationTicks: z.number().positive(),
  velocity: int.min(1).max(127),
})
const songSchema = z.object({
  name: z.string(),
  ppq: int.positive(),
  tempos: z.array(z.object({ tick: z.number().min(0), bpm: z.number().positive() })).min(1),
  timeSignatures: z
    .array(z.object({ tick: z.number().min(0), numerator: int.positive(), denominator: int.positive() }))
    .min(1),
  tracks: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      channel: int.min(0).max(15),
      program: int.min(0).max(127),
      notes: z.array(noteSchema),
      // Sustain pedal and other CCs, mixer volume/pan (all optional: older projects have none).
      controllers: z
        .array(
          z.object({ tick: z.number().min(0), controller: int.min(0).max(127), value: int.min(0).max(127) }),
        )
        .optional(),
      volume: int.min(0).max(127).optional(),
      pan: int.min(0).max(127).optional(),
    }),
  ),
  texts: z.array(z.string()).optional(),
})
const provenanceSchema = z.object({
  run: z.string(),
  checkpoint: z.string(),
  seed: int,
  settings: z.record(z.string(), z.unknown()),
})
const clipSchema = z.object({
  id: z.string().min(1),
  trackId: z.string().min(1),
  noteIds: z.array(z.string()),
  atTick: z.number().min(0),
  provenance: provenanceSchema,
})
const projectSchema = z.object({ version: int, song: songSchema, clips: z.array(clipSchema) })

/** Project → pretty JSON text (stable key order as built). */
export function serializeProject(project: Project): string {
  return `${JSON.stringify({ version: PROJECT_VERSION, song: project.song, clips: project.clips }, null, 1)}\n`
}

/**
 * JSON text → Project. Throws an Error naming `source` and the first invalid field,
 * or the unsupported version.
 */
export function parseProject(text: string, source = 'project'): Project {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new Error(`${source}: not JSON (${err instanceof Error ? err.message : String(err)})`, {
      cause: err,
    })
  }
  const version = (raw as { version?: unknown } | null)?.version
  if (typeof version !== 'number' || version < 1 || version > PROJECT_VERSION) {
    throw new Error(
      `${source}: unsupported project version ${JSON.stringify(version)} (this build reads 1..${PROJECT_VERSION})`,
    )
  }
  const parsed = projectSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`${source}: invalid field '${issue.path.join('.')}': ${issue.message}`)
  }
  return parsed.data as unknown as Project
}

/** Encodes a clip as the song text meta event `crnngan-clip:{json}`. */
export function clipToText(clip: GeneratedClip): string {
  return `${CLIP_TEXT_PREFIX}${JSON.stringify(clip)}`
}

/** All clips recorded in `song.texts` (ignores texts that are not valid clip records). */
export function clipsInSong(song: Song): GeneratedClip[] {
  const out: GeneratedClip[] = []
  for (const t of song.texts ?? []) {
    if (!t.startsWith(CLIP_TEXT_PREFIX)) continue
    try {
      const c = clipSchema.safeParse(JSON.parse(t.slice(CLIP_TEXT_PREFIX.length)))
      if (c.success) out.push(c.data as unknown as GeneratedClip)
    } catch {
      // A foreign or truncated text event is not ours: skip it rather than fail the import.
    }
  }
  return out
}

/** Builds a Project from a song, taking clip provenance from its text meta events. */
export function projectFromSong(song: Song): Project {
  return { version: PROJECT_VERSION, song, clips: clipsInSong(song) }
}
