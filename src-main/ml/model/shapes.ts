// Input shape checks at the model's API edge: errors name the argument, the expected and the actual shape.
import type * as tf from '@tensorflow/tfjs'

/** Checks `t` against `expected` (null = any size ≥ 1) and returns its shape. */
export function checkShape(what: string, t: tf.Tensor, expected: (number | null)[]): number[] {
  const ok =
    t.rank === expected.length && expected.every((e, i) => (e === null ? t.shape[i] >= 1 : t.shape[i] === e))
  if (!ok) {
    const exp = expected.map((e) => (e === null ? '?' : e)).join(', ')
    throw new Error(`${what} must have shape [${exp}], got [${t.shape.join(', ')}]`)
  }
  if (t.dtype !== 'float32') throw new Error(`${what} must be float32, got ${t.dtype}`)
  return t.shape
}
