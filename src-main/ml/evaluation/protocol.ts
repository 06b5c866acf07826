// The evaluation protocol, version 1: N generated windows vs M real windows (raw cells, K = 1 or 3), both turned
// into notes by the same writer, measured and reduced to one report with a summary score (README, engine ›
// Evaluation protocol). Used by `crnngan evaluate`, the Train dashboard, `train:starter --select` and model cards.
import type { TonesPerCell } from '../../common/crnngan/cells'
import type { PitchMode } from '../../common/crnngan/writer'
import type { SixMetricsDto } from '../../common/ipc/training'
import { SIX_METRIC_KEYS } from '../../common/metrics/sixMetrics'
import {
  DISTRIBUTIONS,
  overlapArea,
  poolHistograms,
  type DistributionName,
  type Histograms,
} from '../../common/metrics/distributions'
import { mean, percentiles, type Percentiles } from '../../common/metrics/stats'
import { Rng } from '../../common/random'
import { deriveSeed } from '../training/seeds'
import { DISCRIMINATOR_V1, discriminativeScore, type DiscriminativeResult } from './discriminator'
import { BAND_EPSILON, bandScore, overlapRatio, summaryScore, type SummaryScore } from './summary'
import { measureWindows, PPQ, type CellWindows, type MeasuredWindow } from './windows'

/** Bump when anything measured or its formula changes: reports of different versions are not comparable. */
export const EVAL_PROTOCOL_VERSION = 1

/** Seed streams of the protocol (derived from its seed). */
const STREAM = { ceiling: 1, discriminator: 2 } as const

/** A paper metric: real distribution (non-empty windows) and the generated mean, inside the p10–p90 band or not. */
export interface PaperMetricRow {
  readonly metric: keyof SixMetricsDto
  readonly generatedMean: number
  readonly real: Percentiles & { readonly mean: number }
  readonly inside: boolean
  readonly bandScore: number
}

/** One overlap: generated vs all real windows, its ceiling (real half vs real half) and min(1, value/ceiling). */
export interface OverlapRow {
  readonly value: number
  readonly ceiling: number
  readonly ratio: number
}

/** A side of the comparison. */
export interface SideInfo {
  readonly windows: number
  readonly length: number
  readonly notes: number
  /** Windows that wrote no note at all. */
  readonly emptyWindows: number
}

/** The protocol's report: `{type: 'crnngan-eval', version: 1, …}` (NaN becomes null in JSON). */
export interface EvalReport {
  readonly type: 'crnngan-eval'
  readonly version: typeof EVAL_PROTOCOL_VERSION
  readonly seed: number
  readonly tonesPerCell: TonesPerCell
  readonly generated: SideInfo & { readonly pitchMode: PitchMode }
  readonly real: SideInfo & { readonly ceilingSeed: number }
  readonly paperMetrics: { readonly inside: number; readonly of: number; readonly rows: PaperMetricRow[] }
  readonly overlaps: Readonly<Record<DistributionName, OverlapRow>>
  /** Notes written per (non-padding) event. */
  readonly keptNotes: { readonly generated: number; readonly real: number }
  /** Velocity percentiles over all notes of a side. */
  readonly velocity: {
    readonly generated: Percentiles
    readonly real: Percentiles
    readonly medianInsideRealBand: boolean
  }
  readonly discriminative: DiscriminativeResult
  readonly diversity: { readonly distinct: number; readonly samples: number; readonly fraction: number }
  readonly summary: SummaryScore
}

/** The real side measured once (the dashboard reuses it every epoch). */
export interface RealReference {
  readonly tonesPerCell: TonesPerCell
  readonly length: number
  readonly windows: readonly MeasuredWindow[]
  readonly pooled: Histograms
  readonly ceilings: Readonly<Record<DistributionName, number>>
  readonly ceilingSeed: number
  readonly metrics: Readonly<Record<keyof SixMetricsDto, Percentiles & { mean: number }>>
  readonly notesPerEvent: number
  readonly velocity: Percentiles
}

/** Notes per event and the pooled velocities of measured windows. */
function notesOf(ws: readonly MeasuredWindow[]): { perEvent: number; notes: number; velocity: Percentiles } {
  const notes = ws.reduce((a, w) => a + w.notes.length, 0)
  const events = ws.reduce((a, w) => a + w.events, 0)
  return {
    notes,
    perEvent: events > 0 ? notes / events : NaN,
    velocity: percentiles(ws.flatMap((w) => w.notes.map((n) => n.velocity))),
  }
}

/**
 * Measures the real windows (always read back by rounding: they hold exact semitone frequencies) and the
 * ceilings: each overlap between two halves of them, split by a shuffle seeded from `seed`.
 */
export function prepareReal(real: CellWindows, tonesPerCell: TonesPerCell, seed: number): RealReference {
  const windows = measureWindows(real, tonesPerCell, 'corrected')
  const ceilingSeed = deriveSeed(seed, STREAM.ceiling)
  const order = new Rng(ceilingSeed).shuffle(windows.map((_, i) => i))
  const half = Math.floor(order.length / 2)
  const a = poolHistograms(order.slice(0, half).map((i) => windows[i].histograms))
  const b = poolHistograms(order.slice(half).map((i) => windows[i].histograms))
  const ceilings = Object.fromEntries(
    DISTRIBUTIONS.map((d) => [d, half > 0 ? overlapArea(a[d], b[d]) : NaN]),
  ) as Record<DistributionName, number>
  const ok = windows.filter((w) => w.metrics.events > 0)
  const metrics = Object.fromEntries(
    SIX_METRIC_KEYS.map((k) => {
      const v = ok.map((w) => w.metrics[k])
      return [k, { ...percentiles(v), mean: mean(v) }]
    }),
  ) as RealReference['metrics']
  const n = notesOf(windows)
  return {
    tonesPerCell,
    length: real.length,
    windows,
    pooled: poolHistograms(windows.map((w) => w.histograms)),
    ceilings,
    ceilingSeed,
    metrics,
    notesPerEvent: n.perEvent,
    velocity: n.velocity,
  }
}

/** Options of {@link evaluateAgainst} / {@link evaluateProtocol}. */
export interface EvalOptions {
  /** The protocol's seed (ceilings split, classifier subsample, folds and weights). */
  readonly seed: number
  /** Run's pitch mode for the generated cells ('faithful' = int(), 'corrected' = rounding). */
  readonly pitchMode: PitchMode
  /** Called as the classifier finishes each fold (the slow part), e.g. for a progress line. */
  readonly onProgress?: (foldsDone: number, folds: number) => void
}

/** Generated windows vs a prepared real side. Deterministic for a given seed. */
export async function evaluateAgainst(
  generated: CellWindows,
  ref: RealReference,
  o: EvalOptions,
): Promise<EvalReport> {
  const K = ref.tonesPerCell
  const gen = measureWindows(generated, K, o.pitchMode)
  const pooled = poolHistograms(gen.map((w) => w.histograms))
  const overlaps = Object.fromEntries(
    DISTRIBUTIONS.map((d) => {
      const value = gen.length > 0 ? overlapArea(pooled[d], ref.pooled[d]) : NaN
      return [d, { value, ceiling: ref.ceilings[d], ratio: overlapRatio(value, ref.ceilings[d]) }]
    }),
  ) as Record<DistributionName, OverlapRow>
  const ok = gen.filter((w) => w.metrics.events > 0)
  const rows: PaperMetricRow[] = SIX_METRIC_KEYS.map((metric) => {
    // Spec §5.1: the batch mean skips windows without a note.
    const generatedMean = mean(ok.map((w) => w.metrics[metric]))
    const real = ref.metrics[metric]
    const inside = generatedMean >= real.p10 && generatedMean <= real.p90
    return {
      metric,
      generatedMean,
      real,
      inside,
      bandScore: bandScore(generatedMean, real.p10, real.p90, BAND_EPSILON[metric]),
    }
  })
  const g = notesOf(gen)
  const distinct = new Set(gen.map((w) => w.identity)).size
  const discriminative = await discriminativeScore(
    gen.map((w) => w.notes),
    ref.windows.map((w) => w.notes),
    deriveSeed(o.seed, STREAM.discriminator),
    PPQ,
    DISCRIMINATOR_V1,
    o.onProgress,
  )
  const diversity = { distinct, samples: gen.length, fraction: gen.length > 0 ? distinct / gen.length : NaN }
  return {
    type: 'crnngan-eval',
    version: EVAL_PROTOCOL_VERSION,
    seed: o.seed,
    tonesPerCell: K,
    generated: {
      windows: gen.length,
      length: generated.length,
      pitchMode: o.pitchMode,
      notes: g.notes,
      emptyWindows: gen.length - ok.length,
    },
    real: {
      windows: ref.windows.length,
      length: ref.length,
      notes: ref.windows.reduce((a, w) => a + w.notes.length, 0),
      emptyWindows: ref.windows.filter((w) => w.notes.length === 0).length,
      ceilingSeed: ref.ceilingSeed,
    },
    paperMetrics: { inside: rows.filter((r) => r.inside).length, of: rows.length, rows },
    overlaps,
    keptNotes: { generated: g.perEvent, real: ref.notesPerEvent },
    velocity: {
      generated: g.velocity,
      real: ref.velocity,
      medianInsideRealBand: g.velocity.p50 >= ref.velocity.p10 && g.velocity.p50 <= ref.velocity.p90,
    },
    discriminative,
    diversity,
    summary: summaryScore({
      overlaps,
      bandScores: rows.map((r) => r.bandScore),
      keptNotesPerEvent: g.perEvent,
      realNotesPerEvent: ref.notesPerEvent,
      discriminative: discriminative.score ?? NaN,
      distinctFraction: diversity.fraction,
    }),
  }
}

/** The whole protocol: N generated vs M real windows of raw cells. */
export async function evaluateProtocol(
  generated: CellWindows,
  real: CellWindows,
  tonesPerCell: TonesPerCell,
  o: EvalOptions,
): Promise<EvalReport> {
  return evaluateAgainst(generated, prepareReal(real, tonesPerCell, o.seed), o)
}
