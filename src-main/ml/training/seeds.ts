// Deterministic random streams for training and sampling. Every stream is derived from (run seed, purpose, epoch,
// step), so a resumed run redraws exactly what a straight run would: the checkpoint only needs the counters.
import { Rng, deriveSeed } from '../../common/random'

export { Rng, deriveSeed }

/** Purposes of derived streams (stable numbers: changing one changes every run's randomness). */
export const STREAM = {
  split: 1,
  windows: 2,
  noise: 3,
  dropout: 4,
  init: 5,
  samples: 6,
  validation: 7,
  dequantize: 8,
  instanceNoise: 9,
  windowOrder: 10,
} as const

/** `n` floats uniform in [0, scale) from `seed` (the generator's noise z, spec §3.1). */
export function uniformArray(seed: number, n: number, scale = 1): Float32Array {
  const r = new Rng(seed)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = r.uniform() * scale
  return out
}
