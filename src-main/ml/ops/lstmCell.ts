// One TF BasicLSTMCell step in plain tfjs ops (spec §3.1): the reference the hand-written BPTT is checked against,
// and the body of the autodiff ("reference") implementation.
import * as tf from '@tensorflow/tfjs'

/** Constant forget-gate bias TF's BasicLSTMCell adds every step (not a trained initial value). */
export const FORGET_BIAS = 1.0

/**
 * One step. x: [B, I], h, c: [B, H], kernel: [I + H, 4H] over [x; h] with gate order i, j, f, o; bias: [4H].
 * Returns the new [h, c]: c' = c·σ(f + 1) + σ(i)·tanh(j), h' = tanh(c')·σ(o).
 */
export function lstmCellStep(
  x: tf.Tensor2D,
  h: tf.Tensor2D,
  c: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
): [tf.Tensor2D, tf.Tensor2D] {
  return tf.tidy(() => {
    const gates = tf.add(tf.matMul(tf.concat([x, h], 1), kernel), bias) as tf.Tensor2D
    const [i, j, f, o] = tf.split(gates, 4, 1)
    const c2 = tf.add(
      tf.mul(c, tf.sigmoid(tf.add(f, FORGET_BIAS))),
      tf.mul(tf.sigmoid(i), tf.tanh(j)),
    ) as tf.Tensor2D
    const h2 = tf.mul(tf.tanh(c2), tf.sigmoid(o)) as tf.Tensor2D
    return [h2, c2]
  })
}

/**
 * Gradient stop: a tensor sharing `x`'s data that the tape has never seen, so no backward work flows through it
 * at all (tfjs has no stopGradient op; a zero-gradient customGrad would still backprop zeros upstream).
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const engine = tf.engine()
  const out = engine.makeTensorFromDataId(x.dataId, x.shape, x.dtype) as T
  // makeTensorFromDataId does not add a backend reference; without this, disposing both would free twice.
  engine.backend.incRef(x.dataId)
  return out
}
