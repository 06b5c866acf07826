// The six paper metrics (crnngan-spec §5) of generated or real cells, computed the way Figure 3 was: cells → MIDI
// writer (§2.5) → note-ons → statistics, batch means over non-empty songs (corrected algorithm variants).
import { cellsToMidiBytes, type PitchMode } from '../../common/crnngan/writer'
import type { TonesPerCell } from '../../common/crnngan/cells'
import { noteOnsFromMidi } from '../../common/metrics/noteOns'
import { paperMetrics, type PaperMetrics } from '../../common/metrics/paperMetrics'
import type { SixMetrics } from '../host/protocol'

/** All-NaN metrics: "no data" (e.g. every sample was empty). */
export const NO_METRICS: SixMetrics = {
  toneSpan: NaN,
  uniqueTones: NaN,
  intensitySpan: NaN,
  scaleConsistency: NaN,
  polyphony: NaN,
  repetitions3: NaN,
}

/** Paper metrics of one sequence of `cells` raw cells. */
export function metricsOfCells(
  cells: Float32Array,
  nCells: number,
  tonesPerCell: TonesPerCell,
  pitchMode: PitchMode,
): PaperMetrics {
  return paperMetrics(noteOnsFromMidi(cellsToMidiBytes(cells, nCells, { tonesPerCell, pitchMode })))
}

/** Batch mean of the six metrics over sequences with at least one note-on (spec §5.1 skips empty songs). */
export function meanSix(list: readonly PaperMetrics[]): SixMetrics {
  const ok = list.filter((m) => m.events > 0)
  if (ok.length === 0) return NO_METRICS
  const mean = (f: (m: PaperMetrics) => number): number => ok.reduce((s, m) => s + f(m), 0) / ok.length
  return {
    toneSpan: mean((m) => m.toneSpan),
    uniqueTones: mean((m) => m.uniqueTones),
    intensitySpan: mean((m) => m.intensitySpan),
    scaleConsistency: mean((m) => m.scaleConsistency),
    polyphony: mean((m) => m.polyphony),
    repetitions3: mean((m) => m.repetitions3),
  }
}

/**
 * Six-metric means of a batch of raw cells [count, length, F] (row-major).
 */
export function batchMetrics(
  cells: Float32Array,
  count: number,
  length: number,
  tonesPerCell: TonesPerCell,
  pitchMode: PitchMode,
): SixMetrics {
  const F = 3 * tonesPerCell + 1
  const list: PaperMetrics[] = []
  for (let c = 0; c < count; c++)
    list.push(
      metricsOfCells(cells.subarray(c * length * F, (c + 1) * length * F), length, tonesPerCell, pitchMode),
    )
  return meanSix(list)
}
