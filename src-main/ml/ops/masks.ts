// Seeded dropout masks as plain Float32Arrays, shared by every implementation so that tfjs and kernel paths
// drop exactly the same units for the same seed (spec §3.1: explicit mask × 1/keep).
import { Rng } from '../../common/random'

/** Mixes a seed and a stream id into a 32-bit seed (splitmix32 finaliser), so sub-masks are independent. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

/** Uniform [0, 1) generator: the project's seeded PRNG ({@link Rng}, mulberry32) seeded with `seed`. */
export function uniformRng(seed: number): () => number {
  return new Rng(seed).uniform
}

/**
 * Dropout mask of `size` floats: each entry is 1/keep with probability `keep`, else 0. keep = 1 gives all ones.
 * Each 32-bit draw decides two entries by its 16-bit halves (a step draws millions of them), so the keep
 * probability is realised to 1/65536 (exactly for the paper's 0.5).
 * @param keep keep probability in (0, 1]
 */
export function dropoutMask(size: number, keep: number, seed: number): Float32Array {
  if (!(keep > 0 && keep <= 1)) throw new Error(`dropout keep probability must be in (0, 1], got ${keep}`)
  const m = new Float32Array(size)
  if (keep === 1) return m.fill(1)
  // Rng's mulberry32 step inlined on a local state (the same sequence as `new Rng(seed).uint32`) and a branchless
  // keep/drop pick: the draws are random, so a branch per entry mispredicts half the time (≈ 15 → 4 ms for the
  // ≈ 1.1M entries of a 16×100 sample).
  let s = new Rng(seed).state()
  const pick = new Float32Array([0, 1 / keep]) // index 1 = kept
  const thr = Math.round(keep * 65536)
  const draw = (): number => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), s | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return t ^ (t >>> 14)
  }
  // (x - thr) >>> 31 is 1 exactly when x < thr (both in [0, 65536]).
  const even = size & ~1
  for (let i = 0; i < even; i += 2) {
    const r = draw()
    m[i] = pick[((r & 0xffff) - thr) >>> 31]
    m[i + 1] = pick[((r >>> 16) - thr) >>> 31]
  }
  if (even < size) m[even] = pick[((draw() & 0xffff) - thr) >>> 31]
  return m
}
