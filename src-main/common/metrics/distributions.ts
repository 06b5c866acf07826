// Per-window note distributions of the evaluation protocol (Yang & Lerch 2018, "On the evaluation of generative
// models in music"): histograms that are pooled over many windows, normalised, and compared by overlapping area.
import { keyNormalisedPitchClasses } from './keyFinding'

/** A written note, as the MIDI writer produces it (ticks at `ppq`). */
export interface WrittenNote {
  readonly pitch: number
  readonly startTick: number
  readonly durationTicks: number
  readonly velocity: number
}

/** Names of the five compared distributions, in report order. */
export const DISTRIBUTIONS = ['pitchClasses', 'intervals', 'interOnset', 'lengths', 'velocities'] as const
export type DistributionName = (typeof DISTRIBUTIONS)[number]

/** Raw counts of one window (or of pooled windows) per distribution. */
export type Histograms = Record<DistributionName, number[]>

/** Number of bins per distribution. */
export const BIN_COUNTS: Readonly<Record<DistributionName, number>> = {
  pitchClasses: 12,
  intervals: 49,
  interOnset: 11,
  lengths: 10,
  velocities: 8,
}

/** Smallest and largest log₂-beat bins of inter-onset intervals and note lengths. */
export const LOG2_BEAT_MIN = -5
export const LOG2_BEAT_MAX = 4

/** round(log₂ beats) clamped to −5..4, as an index 0..9. Non-positive beats go to the shortest bin. */
export function log2BeatBin(beats: number): number {
  const b = beats > 0 ? Math.round(Math.log2(beats)) : LOG2_BEAT_MIN
  return Math.max(LOG2_BEAT_MIN, Math.min(LOG2_BEAT_MAX, b)) - LOG2_BEAT_MIN
}

/** Notes sorted by start, then pitch (a copy): the order every sequential measure uses. */
export function sortNotes(notes: readonly WrittenNote[]): WrittenNote[] {
  return [...notes].sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
}

/** Melodic intervals between consecutive sorted notes, clamped to ±24: 49 bins, index = interval + 24. */
export function intervalHistogram(sorted: readonly WrittenNote[]): number[] {
  const out = new Array<number>(BIN_COUNTS.intervals).fill(0)
  for (let i = 1; i < sorted.length; i++)
    out[Math.max(-24, Math.min(24, sorted[i].pitch - sorted[i - 1].pitch)) + 24]++
  return out
}

/**
 * Inter-onset intervals in beats between consecutive sorted notes: bin 0 = simultaneous (IOI 0), bins 1..10 =
 * round(log₂ IOI) clamped to −5..4.
 */
export function interOnsetHistogram(sorted: readonly WrittenNote[], ppq: number): number[] {
  const out = new Array<number>(BIN_COUNTS.interOnset).fill(0)
  for (let i = 1; i < sorted.length; i++) {
    const ioi = sorted[i].startTick - sorted[i - 1].startTick
    out[ioi === 0 ? 0 : 1 + log2BeatBin(ioi / ppq)]++
  }
  return out
}

/** Note lengths in beats, round(log₂ length) clamped to −5..4: 10 bins. */
export function lengthHistogram(notes: readonly WrittenNote[], ppq: number): number[] {
  const out = new Array<number>(BIN_COUNTS.lengths).fill(0)
  for (const n of notes) out[log2BeatBin(n.durationTicks / ppq)]++
  return out
}

/** Velocities in 8 bins of 16 (0–15, 16–31, …, 112–127). */
export function velocityHistogram(notes: readonly WrittenNote[]): number[] {
  const out = new Array<number>(BIN_COUNTS.velocities).fill(0)
  for (const n of notes) out[Math.max(0, Math.min(7, Math.floor(n.velocity / 16)))]++
  return out
}

/** All five histograms of one window's notes (any order; sorted here). */
export function windowHistograms(notes: readonly WrittenNote[], ppq: number): Histograms {
  const sorted = sortNotes(notes)
  return {
    pitchClasses: keyNormalisedPitchClasses(sorted.map((n) => n.pitch)),
    intervals: intervalHistogram(sorted),
    interOnset: interOnsetHistogram(sorted, ppq),
    lengths: lengthHistogram(sorted, ppq),
    velocities: velocityHistogram(sorted),
  }
}

/** Element-wise sum of windows' histograms (pooling before normalising, so long windows weigh more). */
export function poolHistograms(list: readonly Histograms[]): Histograms {
  const out = Object.fromEntries(
    DISTRIBUTIONS.map((d) => [d, new Array<number>(BIN_COUNTS[d]).fill(0)]),
  ) as Histograms
  for (const h of list) for (const d of DISTRIBUTIONS) h[d].forEach((c, i) => (out[d][i] += c))
  return out
}

/** Counts divided by their sum; all zeros when the sum is 0. */
export function normalise(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0)
  return counts.map((c) => (total > 0 ? c / total : 0))
}

/**
 * Overlapping area Σ min(p, q) of two count histograms after normalising each: 1 = identical distributions, 0 =
 * disjoint. An empty histogram overlaps nothing (0).
 */
export function overlapArea(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`overlapArea: ${a.length} bins vs ${b.length} bins`)
  const [p, q] = [normalise(a), normalise(b)]
  let s = 0
  for (let i = 0; i < p.length; i++) s += Math.min(p[i], q[i])
  // Float sums of normalised identical vectors can land a hair above 1.
  return Math.min(1, s)
}
