// Repetitions (spec §5.4): pairs of equal, non-overlapping pitch windows of length ℓ, code-exact and corrected.

/** Window lengths reported, as midi_statistics.py's repetitions_2 … repetitions_9. */
export const REPETITION_LENGTHS = [2, 3, 4, 5, 6, 7, 8, 9] as const

/**
 * Pairs (i, j) with i < iEnd, i + len ≤ j < jEnd and equal len-tone windows. Positions are grouped by window
 * content, so whole files (thousands of tones) cost O(n·len + n log n) instead of the original's O(n²·len).
 */
function countPairs(tones: readonly number[], len: number, iEnd: number, jEnd: number): number {
  const groups = new Map<string, number[]>()
  for (let p = 0; p < jEnd; p++) {
    const key = tones.slice(p, p + len).join(',')
    const g = groups.get(key)
    if (g) g.push(p)
    else groups.set(key, [p])
  }
  let count = 0
  for (const g of groups.values()) {
    // g is ascending; for each i, count the j in g with j ≥ i + len (all are < jEnd by construction).
    let first = 0
    for (const i of g) {
      if (i >= iEnd) break
      while (first < g.length && g[first] < i + len) first++
      count += g.length - first
    }
  }
  return count
}

/**
 * midi_statistics.repetitions for one length: pairs (i, j) with 0 ≤ i < n − 2ℓ and i + ℓ ≤ j < n − ℓ whose ℓ-tone
 * windows are equal. The bounds are one short, so the last window never counts; and the code only evaluates
 * ℓ in 2 … min(⌊n/2⌋, 10) − 1, so other lengths give 0.
 * @example repetitionsCodeExact([60, 62, 64, 60, 62, 64, 60, 62, 64], 3) // 3
 */
export function repetitionsCodeExact(tones: readonly number[], length: number): number {
  const n = tones.length
  if (length < 2 || length >= Math.min(Math.floor(n / 2), 10)) return 0
  return countPairs(tones, length, n - 2 * length, n - length)
}

/**
 * Corrected count: every pair of equal ℓ-tone windows that do not overlap, i.e. i + ℓ ≤ j ≤ n − ℓ (full bounds),
 * for any ℓ ≥ 1 with 2ℓ ≤ n. Still a pair count (it grows roughly quadratically with the number of repeats), so it
 * stays comparable in scale with the paper's plots; only the off-by-one is fixed.
 * @example repetitions([60, 62, 64, 60, 62, 64, 60, 62, 64], 3) // 5
 */
export function repetitions(tones: readonly number[], length: number): number {
  const n = tones.length
  if (!Number.isInteger(length) || length < 1)
    throw new Error(`repetition length must be an integer ≥ 1, got ${length}`)
  if (2 * length > n) return 0
  return countPairs(tones, length, n - 2 * length + 1, n - length + 1)
}
