// The per-file import job (what every parse worker runs, and what the fuzz test drives directly): read + hash the
// file, parse it into the spec's tone list and the Song model, compute its statistics; failures become reasons.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { tonesFromSmf } from '../common/crnngan/tones'
import { isMidiFormatError, MidiFormatError } from '../common/midi/errors'
import { songFromSmf } from '../common/midi/readSong'
import { noteOnsFromSmf } from '../common/metrics/noteOns'
import { parseSmf } from '../common/midi/smfParse'
import { songEndTick, ticksToSeconds } from '../common/music/time'
import { fileStatistics, type FileStatistics } from './fileStatistics'
import { TONE_FIELDS } from './toneCache'
import type { FailureReason } from './types'

/** One file to parse. */
export interface ParseRequest {
  readonly path: string
  /** Files larger than this are refused as `too-large`. */
  readonly maxBytes: number
  /** Dataset seed; mixed with the file's hash so every file gets its own reproducible statistics window. */
  readonly seed: number
  /** Events per statistics window (spec §6.3 uses 100). */
  readonly windowLength: number
}

/** A parsed file: its tone rows for the cache plus everything the manifest records. */
export interface ParsedFile extends FileStatistics {
  readonly ok: true
  readonly path: string
  readonly sha256: string
  readonly bytes: number
  /** Rows [begin, length, freq, velocity] (spec §2.2), length 4·tones. */
  readonly tones: Float32Array
  readonly notes: number
  readonly durationSeconds: number
}

/** A file that could not be imported. */
export interface ParseFailure {
  readonly ok: false
  readonly path: string
  readonly reason: FailureReason
  readonly message: string
}

export type ParseReply = ParsedFile | ParseFailure

/**
 * Most events (notes count twice: on and off) one imported file may hold: 500,000, twenty times the largest file of
 * the shared corpus. Parsing keeps every event, the Song and the tone list in memory at once, so this bounds a
 * parse worker's memory (and time) on hostile files, e.g. a few MB of running status that decode to millions of notes.
 */
export const MAX_EVENTS_PER_FILE = 500_000

/**
 * Parses MIDI bytes the way an import does: one SMF parse, from which the Song (readSong), the §2.2 tone list
 * (readTones) and the statistics are derived. Pure apart from the CPU: the fuzz test calls this directly.
 * @throws {MidiFormatError} when the bytes are not a usable MIDI file (any reason of readSong, or 'too-large' past
 *   `maxEvents`, default {@link MAX_EVENTS_PER_FILE}).
 */
export function parseMidiBytes(
  bytes: Uint8Array,
  /** `name` labels the input in error messages (the import passes the file's path). */
  opts: {
    name: string
    maxBytes: number
    seed: number
    windowLength: number
    sha256?: string
    maxEvents?: number
  },
): Omit<ParsedFile, 'ok' | 'path'> {
  const sha256 = opts.sha256 ?? createHash('sha256').update(bytes).digest('hex')
  if (bytes.length > opts.maxBytes) {
    const why = `${bytes.length} bytes exceeds the limit of ${opts.maxBytes} bytes`
    throw new MidiFormatError('too-large', `${opts.name}: ${why}`)
  }
  const { song, toneList, noteOns } = readOnce(bytes, opts.name, opts.maxEvents ?? MAX_EVENTS_PER_FILE)
  const tones = new Float32Array(toneList.length * TONE_FIELDS)
  for (let i = 0; i < toneList.length; i++) {
    const t = toneList[i]
    tones[i * 4] = t.begin
    tones[i * 4 + 1] = t.length
    tones[i * 4 + 2] = t.freq
    tones[i * 4 + 3] = t.velocity
  }
  let notes = 0
  for (const track of song.tracks) notes += track.notes.length
  const durationSeconds = ticksToSeconds(song, songEndTick(song))
  const stats = fileStatistics(
    { noteOns, song, tones: toneList },
    { seed: opts.seed, sha256, windowLength: opts.windowLength },
  )
  return { sha256, bytes: bytes.byteLength, tones, notes, durationSeconds, ...stats }
}

/**
 * Everything an import derives from the SMF events, from one parse. The events themselves (the largest structure)
 * become garbage when this returns, before the statistics allocate their own working memory.
 */
function readOnce(bytes: Uint8Array, name: string, maxEvents: number) {
  const smf = parseSmf(bytes, name, { maxEvents })
  // songFromSmf validates the notes (and refuses zero-note files); tonesFromSmf reads them the spec's way (§2.2).
  return { song: songFromSmf(smf, { name }), toneList: tonesFromSmf(smf), noteOns: noteOnsFromSmf(smf) }
}

/**
 * Reads, hashes and parses one file; never throws: every problem is returned as a {@link ParseFailure} with a reason.
 * Size is checked with stat() first so an oversized file is refused without being read.
 */
export async function parseMidiFile(req: ParseRequest): Promise<ParseReply> {
  const fail = (reason: FailureReason, message: string): ParseFailure => ({
    ok: false,
    path: req.path,
    reason,
    message,
  })
  let bytes: Uint8Array
  try {
    const st = await fs.stat(req.path)
    if (!st.isFile()) return fail('unreadable', `${req.path} is not a regular file`)
    if (st.size > req.maxBytes) {
      return fail('too-large', `${req.path} is ${st.size} bytes, over the limit of ${req.maxBytes} bytes`)
    }
    bytes = await fs.readFile(req.path)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return fail('unreadable', why.includes(req.path) ? why : `${req.path}: ${why}`)
  }
  try {
    // The full path as the readers' label, so every failure message names the file.
    return { ok: true, path: req.path, ...parseMidiBytes(bytes, { ...req, name: req.path }) }
  } catch (err) {
    if (isMidiFormatError(err)) return fail(err.reason, err.message)
    // Anything else is a bug in a reader on odd input: keep the import going but say what happened.
    return fail(
      'corrupt',
      `${req.path}: unexpected parser error: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}
