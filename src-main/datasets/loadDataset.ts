// What the trainer reads: the cached tone rows of included files, and their §2.3 cells (K = 1 or 3) derived at load.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { encodeCells, featureCount, type TonesPerCell } from '../common/crnngan/cells'
import { readSong } from '../common/midi/readSong'
import type { Song } from '../common/music/song'
import { DatasetError } from './errors'
import type { Tone } from '../common/crnngan/tones'
import { CACHE_FILE, type Manifest } from './manifest'
import { fileTones, readToneCache, TONE_FIELDS, ToneCacheError, toneRowProblem } from './toneCache'
import type { EncodedDataset, FileId } from './types'

/** Tone rows of the included files, in import order. */
export interface DatasetTones {
  readonly fileIds: readonly FileId[]
  readonly names: readonly string[]
  /** Per file: rows [begin, length, freq, velocity] (384-PPQ ticks, ticks, Hz, 0..127), length 4·tones. */
  readonly tones: readonly Float32Array[]
}

/**
 * Reads the cache of the dataset in `dir` and returns the included files' tone rows (views, no copies). Every file's
 * rows (excluded ones too) are validated first, so a damaged cache is reported instead of trained on.
 * @throws {ToneCacheError} naming the cache file, and the file and tone at fault.
 */
export async function loadTonesFrom(dir: string, m: Manifest): Promise<DatasetTones> {
  const all = await readToneCache(dir, m.cacheTones)
  const path = join(dir, CACHE_FILE)
  for (const f of m.files) {
    if (f.toneOffset + f.tones > m.cacheTones) {
      throw new ToneCacheError(
        `${path}: rows ${f.toneOffset}..${f.toneOffset + f.tones} of '${f.name}' lie past its ${m.cacheTones} rows`,
      )
    }
    const problem = toneRowProblem(fileTones(all, f.toneOffset, f.tones))
    if (problem) throw new ToneCacheError(`${path}: '${f.name}' ${problem}`)
  }
  const inc = m.files.filter((f) => f.included)
  return {
    fileIds: inc.map((f) => f.id),
    names: inc.map((f) => f.name),
    tones: inc.map((f) => fileTones(all, f.toneOffset, f.tones)),
  }
}

/** Tone rows → Tone objects (the shape common/crnngan works on). */
export function rowsToTones(rows: Float32Array): Tone[] {
  const out: Tone[] = new Array(rows.length / TONE_FIELDS)
  for (let i = 0; i < out.length; i++) {
    const o = i * TONE_FIELDS
    out[i] = { begin: rows[o], length: rows[o + 1], freq: rows[o + 2], velocity: rows[o + 3] }
  }
  return out
}

/** Encodes every file's tones into cells with K = `tonesPerCell` (spec §2.3). */
export function loadEncodedFrom(d: DatasetTones, tonesPerCell: TonesPerCell): EncodedDataset {
  if (tonesPerCell !== 1 && tonesPerCell !== 3) {
    throw new RangeError(`tonesPerCell must be 1 or 3, got ${String(tonesPerCell)}`)
  }
  return {
    tonesPerCell,
    features: featureCount(tonesPerCell),
    fileIds: d.fileIds,
    names: d.names,
    cells: d.tones.map((rows) => encodeCells(rowsToTones(rows), { tonesPerCell }).data),
  }
}

const RESTORE = 'put the original file back, or import the files again as a new dataset'

/**
 * Songs of the included files, re-read from their source paths (the cache holds only tone rows). Each file's
 * sha256 must still match the import, so a moved or edited source is reported instead of silently differing.
 * @throws {DatasetError} 'not-found' naming the first source file that is missing or changed since import.
 */
export async function loadSongsFrom(m: Manifest): Promise<{ fileIds: FileId[]; songs: Song[] }> {
  const inc = m.files.filter((f) => f.included)
  const songs: Song[] = []
  for (const f of inc) {
    let bytes: Uint8Array
    try {
      bytes = await fs.readFile(f.path)
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      throw new DatasetError(
        'not-found',
        `source ${f.path} of '${f.name}' is no longer readable (${why}); ${RESTORE}`,
      )
    }
    if (createHash('sha256').update(bytes).digest('hex') !== f.sha256) {
      throw new DatasetError(
        'not-found',
        `source ${f.path} of '${f.name}' has changed since it was imported; ${RESTORE}`,
      )
    }
    songs.push(readSong(bytes, { name: f.name }))
  }
  return { fileIds: inc.map((f) => f.id), songs }
}
