// Seeded initial values (spec §3.3): dense weights N(0, 1) unscaled, LSTM kernels Glorot-uniform over the fused
// [I + H, 4H] kernel, all biases 0.
import { deriveSeed, uniformRng } from '../ops/masks'

/** Initial data for variable `name` of `shape`; `index` is its position in the variable list (seed stream). */
export function initialValue(name: string, shape: number[], seed: number, index: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1)
  const out = new Float32Array(n)
  if (name.endsWith('/bias')) return out
  const rnd = uniformRng(deriveSeed(seed, 1000 + index))
  if (name.includes('/lstm')) {
    const limit = Math.sqrt(6 / (shape[0] + shape[1]))
    for (let i = 0; i < n; i++) out[i] = (2 * rnd() - 1) * limit
  } else {
    // Box–Muller; the second value of each pair is used too.
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - rnd()))
      const a = 2 * Math.PI * rnd()
      out[i] = r * Math.cos(a)
      if (i + 1 < n) out[i + 1] = r * Math.sin(a)
    }
  }
  return out
}
