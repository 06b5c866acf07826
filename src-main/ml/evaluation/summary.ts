// The protocol's ONE summary score in [0, 1] (1 = like the real data), used to pick checkpoints and recipes.
// It is the plain mean of the components below, each in [0, 1] (README, engine › Evaluation protocol):
//   5 × min(1, OA / ceiling)          pitch classes, intervals, inter-onset intervals, lengths, velocities
//   1 × soft band score               mean over the six paper metrics of bandScore(mean, p10, p90)
//   1 × min(1, kept / real)           notes written per event, generated vs real
//   1 × 1 − 2·discriminative          the classifier's |accuracy − 0.5| → 1 = indistinguishable
//   1 × distinct fraction             distinct samples ÷ samples
// A component that cannot be computed (e.g. the classifier with fewer than 2 windows a side) is NaN and left out
// of the mean; `components` says which.
import type { DistributionName } from '../../common/metrics/distributions'
import type { SixMetricsDto } from '../../common/ipc/training'

/** Smallest band width per metric (its natural step): JSB's constant velocity gives intensity a zero-width band. */
export const BAND_EPSILON: Readonly<Record<keyof SixMetricsDto, number>> = {
  toneSpan: 1,
  uniqueTones: 1,
  intensitySpan: 1,
  scaleConsistency: 0.01,
  polyphony: 0.01,
  repetitions3: 1,
}

/**
 * 1 when `value` lies in [p10, p90]; else exp(−d / max(p90 − p10, ε)), d = distance to the nearest band edge.
 * NaN values (no notes at all) score 0.
 */
export function bandScore(value: number, p10: number, p90: number, epsilon: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(p10) || !Number.isFinite(p90)) return 0
  if (value >= p10 && value <= p90) return 1
  const d = value < p10 ? p10 - value : value - p90
  return Math.exp(-d / Math.max(p90 - p10, epsilon))
}

/** min(1, OA / ceiling); a ceiling that is 0 or unknown (fewer than 2 real windows) counts as 1. */
export function overlapRatio(value: number, ceiling: number): number {
  if (!Number.isFinite(value)) return NaN
  return Math.min(1, Number.isFinite(ceiling) && ceiling > 0 ? value / ceiling : value)
}

/** Stable keys of the summary's components, in the order they are listed. */
export const COMPONENT_KEYS = [
  'pitchClasses',
  'intervals',
  'interOnset',
  'lengths',
  'velocities',
  'paperMetrics',
  'keptNotes',
  'discriminative',
  'diversity',
] as const
export type ComponentKey = (typeof COMPONENT_KEYS)[number]

/** What each component means to a composer (the Train screen's tooltip and the CLI's table). */
export const COMPONENT_LABELS: Readonly<Record<ComponentKey, string>> = {
  pitchClasses: 'notes of the key (pitch classes)',
  intervals: 'melodic steps and leaps',
  interOnset: 'rhythm (time between onsets)',
  lengths: 'note lengths',
  velocities: 'loudness (velocities)',
  paperMetrics: 'six paper metrics inside the real band',
  keptNotes: 'notes kept per event',
  discriminative: 'hard to tell from real (classifier)',
  diversity: 'distinct samples',
}

/** One component of the summary: its value in [0, 1], or NaN when it could not be computed. */
export interface SummaryComponent {
  readonly key: ComponentKey
  readonly label: string
  readonly value: number
}

/** The summary: mean of the finite components (NaN if none), with the breakdown. */
export interface SummaryScore {
  readonly score: number
  readonly components: readonly SummaryComponent[]
}

/** Inputs of {@link summaryScore}, each already computed by the protocol. */
export interface SummaryInputs {
  readonly overlaps: Readonly<Record<DistributionName, { value: number; ceiling: number }>>
  /** Per paper metric: bandScore of the generated mean against the real p10–p90. */
  readonly bandScores: readonly number[]
  readonly keptNotesPerEvent: number
  readonly realNotesPerEvent: number
  /** |accuracy − 0.5| of the classifier, or NaN when it was not run. */
  readonly discriminative: number
  readonly distinctFraction: number
}

/** Mean of the values, NaN when empty. */
const avg = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN)

/** The summary score and its components (formula at the top of this file). */
export function summaryScore(i: SummaryInputs): SummaryScore {
  const kept =
    i.realNotesPerEvent > 0 && Number.isFinite(i.keptNotesPerEvent)
      ? Math.min(1, i.keptNotesPerEvent / i.realNotesPerEvent)
      : NaN
  const values: Record<ComponentKey, number> = {
    pitchClasses: overlapRatio(i.overlaps.pitchClasses.value, i.overlaps.pitchClasses.ceiling),
    intervals: overlapRatio(i.overlaps.intervals.value, i.overlaps.intervals.ceiling),
    interOnset: overlapRatio(i.overlaps.interOnset.value, i.overlaps.interOnset.ceiling),
    lengths: overlapRatio(i.overlaps.lengths.value, i.overlaps.lengths.ceiling),
    velocities: overlapRatio(i.overlaps.velocities.value, i.overlaps.velocities.ceiling),
    paperMetrics: avg(i.bandScores),
    keptNotes: kept,
    discriminative: Number.isFinite(i.discriminative) ? Math.max(0, 1 - 2 * i.discriminative) : NaN,
    diversity: i.distinctFraction,
  }
  const components = COMPONENT_KEYS.map((key) => ({ key, label: COMPONENT_LABELS[key], value: values[key] }))
  return { score: avg(components.map((c) => c.value).filter(Number.isFinite)), components }
}
