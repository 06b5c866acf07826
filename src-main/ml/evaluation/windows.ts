// Windows of raw cells → what the protocol measures. Generated and real windows go through the SAME writer
// (common/crnngan/writer.ts): cells → notes (cellsToSong) and cells → MIDI → note-ons (the paper metrics).
import { featureCount, type TonesPerCell } from '../../common/crnngan/cells'
import { cellsToSong, WRITER_PPQ, type PitchMode } from '../../common/crnngan/writer'
import { windowHistograms, type Histograms, type WrittenNote } from '../../common/metrics/distributions'
import type { PaperMetrics } from '../../common/metrics/paperMetrics'
import { metricsOfCells } from '../sampling/cellMetrics'

/** `count` windows of `length` raw cells each, row-major [count, length, F] (ticks, Hz, velocity). */
export interface CellWindows {
  readonly cells: Float32Array
  readonly count: number
  readonly length: number
}

/** One window as the protocol sees it. */
export interface MeasuredWindow {
  /** Written notes sorted by start, then pitch (384 PPQ). */
  readonly notes: readonly WrittenNote[]
  /** Cells that are not zero padding (a real window of a short piece is padded with all-zero cells). */
  readonly events: number
  readonly metrics: PaperMetrics
  readonly histograms: Histograms
  /** Identity of the written note list: two windows are "the same sample" when their keys are equal. */
  readonly identity: string
}

/** Ticks per beat of every written window. */
export const PPQ = WRITER_PPQ

/** Whether cell `c` of `data` is all zeros (padding). */
function isPadding(data: Float32Array, at: number, F: number): boolean {
  for (let j = 0; j < F; j++) if (data[at + j] !== 0) return false
  return true
}

/**
 * Measures every window. `pitchMode` is the run's for generated cells; real cells hold exact semitone frequencies
 * and must be read with 'corrected' (rounding), because int() reads 85 of 128 float32 pitches a semitone low.
 */
export function measureWindows(
  w: CellWindows,
  tonesPerCell: TonesPerCell,
  pitchMode: PitchMode,
): MeasuredWindow[] {
  const F = featureCount(tonesPerCell)
  if (w.cells.length < w.count * w.length * F)
    throw new Error(
      `windows hold ${w.cells.length} values, fewer than count·length·F = ${w.count}·${w.length}·${F}`,
    )
  const out: MeasuredWindow[] = []
  for (let i = 0; i < w.count; i++) {
    const data = w.cells.subarray(i * w.length * F, (i + 1) * w.length * F)
    const song = cellsToSong(data, w.length, { tonesPerCell, pitchMode })
    const notes: WrittenNote[] = song.tracks[0].notes.map((n) => ({
      pitch: n.pitch,
      startTick: n.startTick,
      durationTicks: n.durationTicks,
      velocity: n.velocity,
    }))
    let events = 0
    for (let c = 0; c < w.length; c++) if (!isPadding(data, c * F, F)) events++
    out.push({
      notes,
      events,
      metrics: metricsOfCells(data, w.length, tonesPerCell, pitchMode),
      histograms: windowHistograms(notes, PPQ),
      identity: notes.map((n) => `${n.pitch},${n.startTick},${n.durationTicks},${n.velocity}`).join(';'),
    })
  }
  return out
}
