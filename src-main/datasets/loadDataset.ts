// What the trainer reads: the cached tone rows of included files, and their §2.3 cells (K = 1 or 3) derived at load.
import { encodeCells, featureCount, type TonesPerCell } from '../common/crnngan/cells'
import type { Tone } from '../common/crnngan/tones'
import type { Manifest } from './manifest'
import { fileTones, readToneCache, TONE_FIELDS } from './toneCache'
import type { EncodedDataset, FileId } from './types'

/** Tone rows of the included files, in import order. */
export interface DatasetTones {
  readonly fileIds: readonly FileId[]
  readonly names: readonly string[]
  /** Per file: rows [begin, length, freq, velocity] (384-PPQ ticks, ticks, Hz, 0..127), length 4·tones. */
  readonly tones: readonly Float32Array[]
}

/** Reads the cache of the dataset in `dir` and returns the included files' tone rows (views, no copies). */
export async function loadTonesFrom(dir: string, m: Manifest): Promise<DatasetTones> {
  const all = await readToneCache(dir, m.cacheTones)
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
