// Seeded dropout masks as plain Float32Arrays, shared by every implementation so that tfjs and kernel paths
// drop exactly the same units for the same seed (spec §3.1: explicit mask × 1/keep).

/** Mixes a seed and a stream id into a 32-bit seed (splitmix32 finaliser), so sub-masks are independent. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

/** Uniform 32-bit generator (mulberry32): fast, seedable, identical on every platform. */
export function uint32Rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** Uniform [0, 1) generator (mulberry32). */
export function uniformRng(seed: number): () => number {
  const next = uint32Rng(seed)
  return () => next() / 4294967296
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
  const next = uint32Rng(seed)
  const v = 1 / keep
  const thr = Math.round(keep * 65536)
  for (let i = 0; i < size; i += 2) {
    const r = next()
    m[i] = (r & 0xffff) < thr ? v : 0
    if (i + 1 < size) m[i + 1] = r >>> 16 < thr ? v : 0
  }
  return m
}
