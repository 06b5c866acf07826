// How many training steps an epoch has, computed exactly as the trainer splits and batches (ml/training/batching):
// the Train screen uses it to warn before a run that would learn little.

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
