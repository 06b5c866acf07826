// Where the protocol's windows come from: one seeded real window per piece, and seeded samples of a model,
// both in raw cells (model space is left through fromModelSpace, so every feature space is handled the same way).
import { featureCount, type TonesPerCell } from '../../common/crnngan/cells'
import type { TrainConfig } from '../config/trainConfig'
import type { CrnnGan } from '../model/types'
import { generateCells } from '../sampling/generateCells'
import { buildBatch, epochWindowStarts, type SongCells } from '../training/batching'
import { fromModelSpace } from '../training/features'
import type { CellWindows } from './windows'

/** One window of `length` raw cells per song, its start drawn from `seed` (zero-padded when a song is shorter). */
export function realWindows(
  songs: readonly SongCells[],
  tonesPerCell: TonesPerCell,
  length: number,
  seed: number,
): CellWindows {
  const F = featureCount(tonesPerCell)
  const starts = epochWindowStarts(songs, F, length, seed, 0)
  return { cells: buildBatch(songs, starts, F, length, songs.length, 0), count: songs.length, length }
}

/** Options of {@link generatedWindows}. */
export interface GeneratedWindowsOptions {
  readonly count: number
  readonly length: number
  readonly seed: number
  /** Dropout at sampling (true = as the paper samples). */
  readonly dropout: boolean
  readonly noiseScale?: number
}

/** `count` seeded samples of `model` as raw cells. */
export function generatedWindows(
  model: CrnnGan,
  config: TrainConfig,
  o: GeneratedWindowsOptions,
): CellWindows {
  const cells = generateCells(model, {
    count: o.count,
    length: o.length,
    seed: o.seed,
    noiseScale: o.noiseScale ?? 1,
    dropout: o.dropout,
  })
  return {
    cells: fromModelSpace(cells, featureCount(config.model.tonesPerCell), config.model.features),
    count: o.count,
    length: o.length,
  }
}

/** Windows concatenated (all of one length). */
export function concatWindows(parts: readonly CellWindows[]): CellWindows {
  if (parts.length === 0) throw new Error('concatWindows: no windows')
  const length = parts[0].length
  for (const p of parts)
    if (p.length !== length) throw new Error(`concatWindows: lengths ${length} and ${p.length} differ`)
  const cells = new Float32Array(parts.reduce((a, p) => a + p.cells.length, 0))
  let at = 0
  for (const p of parts) {
    cells.set(p.cells, at)
    at += p.cells.length
  }
  return { cells, count: parts.reduce((a, p) => a + p.count, 0), length }
}
