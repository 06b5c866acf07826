// How many training steps an epoch has, computed exactly as the trainer splits and batches (ml/training/batching):
// the Train screen uses it to warn before a run that would learn little.
import { Rng, deriveSeed } from '../random'

/**
 * Songs held out for validation from `n`: round(fraction·n), at least 1 when fraction > 0 and n > 1 (never all).
 * ml/training/batching.ts splitSongs uses this very function.
 */
export function validationCount(n: number, fraction: number): number {
  let nVal = Math.round(fraction * n)
  if (fraction > 0 && nVal === 0 && n > 1) nVal = 1
  return Math.min(nVal, n)
}

/** Full batches per epoch over the training songs of `files` (the last partial batch is dropped). */
export function stepsPerEpoch(files: number, validationFraction: number, batchSize: number): number {
  if (!(batchSize >= 1)) return 0
  return Math.floor((files - validationCount(files, validationFraction)) / batchSize)
}

/** How an epoch cuts windows (TrainConfig.data): what {@link windowSteps} needs of a preset. */
export interface WindowPlan {
  readonly seed: number
  readonly validationFraction: number
  readonly batchSize: number
  /** Window length in cells (the preset's maximum: the steady state after any curriculum). */
  readonly length: number
  readonly windows: 'perSong' | 'cover'
  readonly shortSongs: 'pad' | 'skip'
}

/** Stream number of the train/validation split (ml/training/seeds STREAM.split). */
const SPLIT_STREAM = 1

/**
 * Training steps per epoch for songs of `cells` cells each, exactly as the trainer counts them: the same seeded
 * split (ml/training/batching splitSongs), then one window per song ('perSong') or ⌊cells / length⌋ ≥ 1 per song
 * ('cover'), short songs left out with 'skip', full batches only.
 */
export function windowSteps(cells: readonly number[], p: WindowPlan): number {
  if (!(p.batchSize >= 1) || cells.length === 0) return 0
  const order = new Rng(deriveSeed(p.seed, SPLIT_STREAM)).shuffle(cells.map((_, i) => i))
  const train = order.slice(validationCount(cells.length, p.validationFraction)).map((i) => cells[i])
  let windows = 0
  for (const n of train) {
    if (n < p.length && p.shortSongs === 'skip') continue
    windows += p.windows === 'cover' ? Math.max(1, Math.floor(n / p.length)) : 1
  }
  return Math.floor(windows / p.batchSize)
}
