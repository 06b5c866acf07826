// The six paper metrics (crnngan-spec §5) of generated or real cells, computed the way Figure 3 was: cells → MIDI
// writer (§2.5) → note-ons → statistics, batch means over non-empty songs (corrected or code-exact counters).
import { cellsToMidiBytes, type PitchMode } from '../../common/crnngan/writer'
import { featureCount, type TonesPerCell } from '../../common/crnngan/cells'
import { noteOnsFromMidi } from '../../common/metrics/noteOns'
import { paperMetrics, type PaperMetrics } from '../../common/metrics/paperMetrics'
import { NO_METRICS, SIX_METRIC_KEYS } from '../../common/metrics/sixMetrics'
import type { SixMetrics } from '../../common/metrics/sixMetrics'

export { NO_METRICS }

/** Paper metrics of one sequence of `cells` raw cells. */
export function metricsOfCells(
  cells: Float32Array,
  nCells: number,
  tonesPerCell: TonesPerCell,
  pitchMode: PitchMode,
): PaperMetrics {
  return paperMetrics(noteOnsFromMidi(cellsToMidiBytes(cells, nCells, { tonesPerCell, pitchMode })))
}

/**
 * Which counters fill scale consistency, polyphony and 3-tone repetitions: 'corrected' (the paper's definitions) or
 * 'codeExact' (midi_statistics.py at HEAD, i.e. what Figure 3 plots). Spans and unique tones are the same in both.
 */
export type MetricsVariant = 'corrected' | 'codeExact'

/** The numeric fields of PaperMetrics. */
type NumericField = {
  [K in keyof PaperMetrics]: PaperMetrics[K] extends number ? K : never
}[keyof PaperMetrics]

/** Where each of the six metrics is read in PaperMetrics, per counter variant. */
export const SIX_METRIC_FIELDS: Record<MetricsVariant, Readonly<Record<keyof SixMetrics, NumericField>>> = {
  corrected: {
    toneSpan: 'toneSpan',
    uniqueTones: 'uniqueTones',
    intensitySpan: 'intensitySpan',
    scaleConsistency: 'scaleConsistency',
    polyphony: 'polyphony',
    repetitions3: 'repetitions3',
  },
  codeExact: {
    toneSpan: 'toneSpan',
    uniqueTones: 'uniqueTones',
    intensitySpan: 'intensitySpan',
    scaleConsistency: 'scaleConsistencyCodeExact',
    polyphony: 'polyphonyCodeExact',
    repetitions3: 'repetitions3CodeExact',
  },
}

/** `stat` of each of the six metrics' values (read with `variant`'s counters) over `list`. */
export function sixMetricsOf(
  list: readonly PaperMetrics[],
  variant: MetricsVariant,
  stat: (values: number[]) => number,
): SixMetrics {
  const fields = SIX_METRIC_FIELDS[variant]
  const out: Partial<Record<keyof SixMetrics, number>> = {}
  for (const key of SIX_METRIC_KEYS) out[key] = stat(list.map((m) => m[fields[key]]))
  return out as SixMetrics
}

/** Batch mean of the six metrics over sequences with at least one note-on (spec §5.1 skips empty songs). */
export function meanSix(list: readonly PaperMetrics[], variant: MetricsVariant = 'corrected'): SixMetrics {
  const ok = list.filter((m) => m.events > 0)
  if (ok.length === 0) return NO_METRICS
  return sixMetricsOf(ok, variant, (v) => v.reduce((s, x) => s + x, 0) / v.length)
}

/** Six-metric means of a batch of raw cells [count, length, F] (row-major), with `variant`'s counters. */
export function batchMetrics(
  cells: Float32Array,
  count: number,
  length: number,
  tonesPerCell: TonesPerCell,
  pitchMode: PitchMode,
  variant: MetricsVariant = 'corrected',
): SixMetrics {
  const F = featureCount(tonesPerCell)
  const list: PaperMetrics[] = []
  for (let c = 0; c < count; c++)
    list.push(
      metricsOfCells(cells.subarray(c * length * F, (c + 1) * length * F), length, tonesPerCell, pitchMode),
    )
  return meanSix(list, variant)
}
