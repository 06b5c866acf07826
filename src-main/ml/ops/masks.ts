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
  const next = new Rng(seed).uint32
  const v = 1 / keep
  const thr = Math.round(keep * 65536)
  for (let i = 0; i < size; i += 2) {
    const r = next()
    m[i] = (r & 0xffff) < thr ? v : 0
    if (i + 1 < size) m[i + 1] = r >>> 16 < thr ? v : 0
  }
  return m
}
