// Repetitions (spec §5.4): pairs of equal, non-overlapping pitch windows of length ℓ, code-exact and corrected.

/** Window lengths reported, as midi_statistics.py's repetitions_2 … repetitions_9. */
export const REPETITION_LENGTHS = [2, 3, 4, 5, 6, 7, 8, 9] as const

/**
 * Pairs (i, j) with i < iEnd, i + len ≤ j < jEnd and equal len-tone windows. Positions are grouped by window
 * content, so whole files (thousands of tones) cost O(n·len + n log n) instead of the original's O(n²·len).
 */
function countPairs(tones: readonly number[], len: number, iEnd: number, jEnd: number): number {
  if (jEnd <= 0) return 0
  const ids =
    isMidiPitches(tones) && len <= 7 && jEnd + len - 1 <= tones.length
      ? numericWindowIds(tones, len, jEnd)
      : textWindowIds(tones, len, jEnd)
  // Counting sort of positions by group id (stable: ascending positions within each group).
  let groups = 0
  for (let p = 0; p < jEnd; p++) groups = Math.max(groups, ids[p] + 1)
  const start = new Int32Array(groups + 1)
  for (let p = 0; p < jEnd; p++) start[ids[p] + 1]++
  for (let g = 0; g < groups; g++) start[g + 1] += start[g]
  const fill = start.slice(0, groups)
  const pos = new Int32Array(jEnd)
  for (let p = 0; p < jEnd; p++) pos[fill[ids[p]]++] = p
  let count = 0
  for (let g = 0; g < groups; g++) {
    const hi = start[g + 1]
    // For each i of the group, count the j in it with j ≥ i + len (all are < jEnd by construction).
    let first = start[g]
    for (let q = start[g]; q < hi; q++) {
      const i = pos[q]
      if (i >= iEnd) break
      while (first < hi && pos[first] < i + len) first++
      count += hi - first
    }
  }
  return count
}

/** True when every value is an integer MIDI pitch 0..127 (what note-on lists hold), so windows pack into numbers. */
function isMidiPitches(tones: readonly number[]): boolean {
  for (const t of tones) if (!Number.isInteger(t) || t < 0 || t > 127) return false
  return true
}

/** Group id per window start p < jEnd: windows packed base 128 into one exact number (len ≤ 7 → < 2^49), rolled. */
function numericWindowIds(tones: readonly number[], len: number, jEnd: number): Int32Array {
  const ids = new Int32Array(jEnd)
  const idOf = new Map<number, number>()
  const top = 128 ** (len - 1)
  let key = 0
  for (let i = 0; i < len; i++) key = key * 128 + tones[i]
  for (let p = 0; p < jEnd; p++) {
    if (p > 0) key = (key - tones[p - 1] * top) * 128 + tones[p + len - 1]
    let id = idOf.get(key)
    if (id === undefined) idOf.set(key, (id = idOf.size))
    ids[p] = id
  }
  return ids
}

/** Group id per window start p < jEnd for arbitrary values (window content as text). */
function textWindowIds(tones: readonly number[], len: number, jEnd: number): Int32Array {
  const ids = new Int32Array(jEnd)
  const idOf = new Map<string, number>()
  for (let p = 0; p < jEnd; p++) {
    const key = tones.slice(p, p + len).join(',')
    let id = idOf.get(key)
    if (id === undefined) idOf.set(key, (id = idOf.size))
    ids[p] = id
  }
  return ids
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
