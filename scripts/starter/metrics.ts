// Shared measurement helpers of the starter recipe: seeded samples of a model, one real window per song, and the
// six paper metrics summarised as mean / p10 / p50 / p90 (the `crnngan evaluate` summary).
import type { PaperMetrics } from '../../src-main/common/metrics/paperMetrics'
import { summarize } from '../../src-main/cli/commands/evaluate'
import type { TrainConfig } from '../../src-main/ml/config/trainConfig'
import type { CrnnGan } from '../../src-main/ml/model/types'
import { metricsOfCells } from '../../src-main/ml/sampling/cellMetrics'
import { generateCells } from '../../src-main/ml/sampling/generateCells'
import { buildBatch, epochWindowStarts, type SongCells } from '../../src-main/ml/training/batching'
import { fromModelSpace } from '../../src-main/ml/training/features'

/** The six paper metrics in table order. */
export const SIX = [
  'toneSpan',
  'uniqueTones',
  'intensitySpan',
  'scaleConsistency',
  'polyphony',
  'repetitions3',
] as const
export type Summary = ReturnType<typeof summarize>
export type SixSummary = Record<(typeof SIX)[number], Summary> & { n: number; empty: number }

/** Summary of non-empty sequences' metrics; `empty` counts sequences without a note-on. */
export function summarizeSix(list: readonly PaperMetrics[]): SixSummary {
  const ok = list.filter((m) => m.events > 0)
  const out = Object.fromEntries(SIX.map((k) => [k, summarize(ok.map((m) => m[k]))])) as unknown as SixSummary
  return { ...out, n: list.length, empty: list.length - ok.length }
}

/** `count` raw-unit samples [count, length, F] of `model` (dropout on, paper sampling), seeded. */
export function sampleRaw(
  model: CrnnGan,
  config: TrainConfig,
  count: number,
  length: number,
  seed: number,
): Float32Array {
  const cells = generateCells(model, { count, length, seed, noiseScale: 1, dropout: true })
  return fromModelSpace(cells, 3 * config.model.tonesPerCell + 1, config.model.features)
}

/** Per-sequence metrics of a [count, length, F] raw batch. */
export function metricsOfBatch(
  raw: Float32Array,
  count: number,
  length: number,
  config: TrainConfig,
): PaperMetrics[] {
  const K = config.model.tonesPerCell
  const F = 3 * K + 1
  const out: PaperMetrics[] = []
  for (let c = 0; c < count; c++)
    out.push(metricsOfCells(raw.subarray(c * length * F, (c + 1) * length * F), length, K, config.pitchMode))
  return out
}

/** One seeded real window of `length` cells per song (zero-padded when shorter), raw units [n, length, F]. */
export function realWindows(
  songs: readonly SongCells[],
  F: number,
  length: number,
  seed: number,
): Float32Array {
  const starts = epochWindowStarts(songs, F, length, seed, 0)
  return buildBatch(songs, starts, F, length, songs.length, 0)
}
