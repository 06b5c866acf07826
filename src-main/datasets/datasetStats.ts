// Dataset statistics from the manifest alone (no re-parsing): counts, notes, duration, paper metrics aggregated
// over included files (whole files and seeded windows), best-scale counts and bin-wise summed histograms.
import type { Manifest } from './manifest'

/** Distribution of one metric over files: mean and 10th/50th/90th percentiles (linear interpolation), `n` files. */
export interface MetricAggregate {
  readonly n: number
  readonly mean: number
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

/** Everything `stats(id)` reports; metrics and histograms cover included files only. */
export interface DatasetStatistics {
  readonly counts: {
    /** Files imported (unique content), included or not. */
    readonly files: number
    readonly included: number
    readonly excluded: number
    readonly failed: number
    readonly duplicates: number
  }
  /** Notes in the Song model over included files. */
  readonly notes: number
  /** Tones (spec §2.2 note list) over included files. */
  readonly tones: number
  /** Summed wall-clock length of included files, seconds (each through its own tempo map). */
  readonly durationSeconds: number
  /** Whole-file paper metrics by key (e.g. polyphony, toneSpan). */
  readonly metrics: Readonly<Record<string, MetricAggregate>>
  /** The same on one seeded `windowLength`-event window per file, pushed through encode → MIDI (spec §6.3). */
  readonly windowMetrics: Readonly<Record<string, MetricAggregate>>
  readonly windowLength: number
  readonly seed: number
  /** How many included files each best-matching scale name won (string metric `scale`). */
  readonly scales: Readonly<Record<string, number>>
  /** Histograms summed bin-wise over included files (bins as produced by common/metrics `histograms`). */
  readonly histograms: Readonly<Record<string, readonly number[]>>
}

/** The q-quantile (0..1) of ascending `sorted` by linear interpolation (numpy's default). NaN for an empty list. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

/** Aggregates a list of values (non-finite values are ignored). */
export function aggregate(values: readonly number[]): MetricAggregate {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  const mean = v.length === 0 ? NaN : v.reduce((s, x) => s + x, 0) / v.length
  return { n: v.length, mean, p10: quantile(v, 0.1), p50: quantile(v, 0.5), p90: quantile(v, 0.9) }
}

function aggregateRecords(
  records: readonly Readonly<Record<string, unknown>>[],
): Record<string, MetricAggregate> {
  const byKey = new Map<string, number[]>()
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (typeof v !== 'number') continue
      let list = byKey.get(k)
      if (!list) byKey.set(k, (list = []))
      list.push(v)
    }
  }
  return Object.fromEntries([...byKey].map(([k, list]) => [k, aggregate(list)]))
}

/** Computes {@link DatasetStatistics} from a manifest. */
export function datasetStatistics(m: Manifest): DatasetStatistics {
  const inc = m.files.filter((f) => f.included)
  const scales: Record<string, number> = {}
  const histograms: Record<string, number[]> = {}
  for (const f of inc) {
    const scale = f.metrics.scale
    if (typeof scale === 'string') scales[scale] = (scales[scale] ?? 0) + 1
    for (const [k, bins] of Object.entries(f.histograms)) {
      const sum = (histograms[k] ??= [])
      for (let i = 0; i < bins.length; i++) sum[i] = (sum[i] ?? 0) + bins[i]
    }
  }
  return {
    counts: {
      files: m.files.length,
      included: inc.length,
      excluded: m.files.length - inc.length,
      failed: m.failures.length,
      duplicates: m.duplicates.length,
    },
    notes: inc.reduce((s, f) => s + f.notes, 0),
    tones: inc.reduce((s, f) => s + f.tones, 0),
    durationSeconds: inc.reduce((s, f) => s + f.durationSeconds, 0),
    metrics: aggregateRecords(inc.map((f) => f.metrics)),
    windowMetrics: aggregateRecords(inc.flatMap((f) => (f.windowMetrics ? [f.windowMetrics] : []))),
    windowLength: m.windowLength,
    seed: m.seed,
    scales,
    histograms,
  }
}
