// The p10–p90 band of the six paper metrics over the SAME real windows the engine averages for its epoch reference
// (ml/training/evaluation.ts ReferenceMetrics: training split, first 50 songs, seeded windows), for the live Figure 3.
import type { SixMetricsDto } from '@common/ipc/training'
import type { PaperMetrics } from '@common/metrics/paperMetrics'
import type { TrainConfig } from '../../ml/config/trainConfig'
import { loadSongs } from '../../ml/host/loadData'
import { metricsOfCells, sixMetricsOf, type MetricsVariant } from '../../ml/sampling/cellMetrics'
import { buildBatch, epochWindowStarts, splitSongs, type SongCells } from '../../ml/training/batching'
import { STREAM, deriveSeed } from '../../ml/training/seeds'
import { featureCount } from '../../common/crnngan/cells'

/** 10th and 90th percentiles of each metric. */
export interface MetricBand {
  readonly p10: SixMetricsDto
  readonly p90: SixMetricsDto
}

/** Linear-interpolated percentile (q in 0..1) of a non-empty sorted array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

/**
 * p10/p90 per metric over windows with at least one note-on (empty windows are skipped, as spec §5.1 does), with
 * the run's counter variant (the same one its reference mean uses).
 */
export function bandOf(
  list: readonly PaperMetrics[],
  variant: MetricsVariant = 'corrected',
): MetricBand | null {
  const ok = list.filter((m) => m.events > 0)
  if (ok.length === 0) return null
  const at = (q: number): SixMetricsDto =>
    sixMetricsOf(ok, variant, (v) =>
      percentile(
        v.sort((a, b) => a - b),
        q,
      ),
    )
  return { p10: at(0.1), p90: at(0.9) }
}

/** Metrics of each real window of `length` cells: the engine's reference windows, one per song (≤ 50 songs). */
export function windowMetrics(
  config: TrainConfig,
  songs: readonly SongCells[],
  length: number,
): PaperMetrics[] {
  const K = config.model.tonesPerCell
  const F = featureCount(K)
  const train = splitSongs(songs, F, config.data.validationFraction, config.seed).train.slice(0, 50)
  if (train.length === 0) return []
  const starts = epochWindowStarts(train, F, length, deriveSeed(config.seed, STREAM.samples), 0)
  const all = buildBatch(train, starts, F, length, train.length, 0)
  const list: PaperMetrics[] = []
  for (let i = 0; i < train.length; i++)
    // Real windows are read back by rounding whatever the run's pitchMode, as the engine's reference does (real
    // cells hold exact float32 semitone frequencies that int() would read a semitone low).
    list.push(metricsOfCells(all.subarray(i * length * F, (i + 1) * length * F), length, K, 'corrected'))
  return list
}

/** Band of the real windows of `length` cells (see `windowMetrics`); null when there are none with notes. */
export function windowBand(
  config: TrainConfig,
  songs: readonly SongCells[],
  length: number,
): MetricBand | null {
  return bandOf(windowMetrics(config, songs, length), config.metricsVariant)
}

/** Caches a run's training songs and bands per length; `null` when the dataset cannot be read. */
export function createBandSource(
  config: TrainConfig,
  libraryDir: string,
): (length: number) => Promise<MetricBand | null> {
  let songs: Promise<SongCells[] | null> | null = null
  const bands = new Map<number, MetricBand | null>()
  return async (length) => {
    if (bands.has(length)) return bands.get(length) ?? null
    if (!config.datasetId) return null
    songs ??= loadSongs(
      { kind: 'dataset', datasetId: config.datasetId, libraryDir },
      config.model.tonesPerCell,
    ).then(
      (r) => r.songs,
      () => null, // the band is decoration: without the dataset the chart shows the mean line only
    )
    const s = await songs
    const band = s ? windowBand(config, s, length) : null
    bands.set(length, band)
    return band
  }
}
