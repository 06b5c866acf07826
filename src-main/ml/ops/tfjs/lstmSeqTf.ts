// Whole-sequence BasicLSTMCell layer as one differentiable op in plain tfjs ops, with hand-written BPTT: the path
// for native TensorFlow backends (fast matmuls there). Same math as ../wasm/lstmSeqKernel.ts (spec §3.2).
import * as tf from '@tensorflow/tfjs'
import { customOp } from '../customOp'
import { FORGET_BIAS } from '../lstmCell'

/** Gate activations [B, 4H] → (c, tanh c, h) given c_prev, plus the activations themselves. */
export function cellForward(g: tf.Tensor2D, cPrev: tf.Tensor2D | null) {
  const [pi, pj, pf, po] = tf.split(g, 4, 1)
  const [i, j, f, o] = [tf.sigmoid(pi), tf.tanh(pj), tf.sigmoid(tf.add(pf, FORGET_BIAS)), tf.sigmoid(po)]
  const c = (cPrev ? tf.add(tf.mul(cPrev, f), tf.mul(i, j)) : tf.mul(i, j)) as tf.Tensor2D
  const tc = tf.tanh(c) as tf.Tensor2D
  return { acts: tf.concat([i, j, f, o], 1) as tf.Tensor2D, c, tc, h: tf.mul(tc, o) as tf.Tensor2D }
}

/** Cell backward: returns dG [B, 4H] and dc_prev, from activations, c_prev, tanh c, dh and dc (from t+1). */
export function cellBackward(
  acts: tf.Tensor2D,
  cPrev: tf.Tensor2D | null,
  tc: tf.Tensor2D,
  dh: tf.Tensor2D,
  dc: tf.Tensor2D | null,
) {
  const [i, j, f, o] = tf.split(acts, 4, 1)
  const dO = tf.mul(tf.mul(dh, tc), tf.mul(o, tf.sub(1, o)))
  let dcv = tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tc)))
  if (dc) dcv = tf.add(dcv, dc)
  const di = tf.mul(tf.mul(dcv, j), tf.mul(i, tf.sub(1, i)))
  const dj = tf.mul(tf.mul(dcv, i), tf.sub(1, tf.square(j)))
  const df = cPrev ? tf.mul(tf.mul(dcv, cPrev), tf.mul(f, tf.sub(1, f))) : tf.zerosLike(f)
  return { dG: tf.concat([di, dj, df, dO], 1) as tf.Tensor2D, dcPrev: tf.mul(dcv, f) as tf.Tensor2D }
}

/** LSTM over xs: [T, B, I] with kernel [I + H, 4H], bias [4H] → hs [T, B, H] (zero initial state). */
export function lstmSeqTf(
  xs: tf.Tensor3D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  frozen: boolean,
): tf.Tensor3D {
  return customOp<tf.Tensor3D>({ x: xs, kernel, bias }, (tapeOn, save) => {
    const [T, B, I] = xs.shape
    const G4 = bias.shape[0]
    const H = G4 / 4
    const [wx, wh] = tf.split(kernel, [I, H], 0) as [tf.Tensor2D, tf.Tensor2D]
    // One input projection for all steps (M = T·B), then one recurrent matmul per step.
    const xw = tf.unstack(
      tf.reshape(tf.add(tf.matMul(tf.reshape(xs, [T * B, I]), wx), bias), [T, B, G4]),
    ) as tf.Tensor2D[]
    const acts: tf.Tensor2D[] = []
    const cs: tf.Tensor2D[] = []
    const tcs: tf.Tensor2D[] = []
    const hs: tf.Tensor2D[] = []
    for (let t = 0; t < T; t++) {
      const g = t > 0 ? (tf.add(xw[t], tf.matMul(hs[t - 1], wh)) as tf.Tensor2D) : xw[t]
      const s = cellForward(g, t > 0 ? cs[t - 1] : null)
      acts.push(s.acts)
      cs.push(s.c)
      tcs.push(s.tc)
      hs.push(s.h)
    }
    const value = tf.stack(hs) as tf.Tensor3D
    if (tapeOn) save([tf.stack(acts), tf.stack(cs), tf.stack(tcs), value, xs, kernel])
    return {
      value,
      backward: (dy, saved) => {
        const [aS, cS, tcS, hS, xS, kS] = saved
        const [a, c, tc] = [aS, cS, tcS].map((x) => tf.unstack(x) as tf.Tensor2D[])
        const dys = tf.unstack(dy) as tf.Tensor2D[]
        const [wxS, whS] = tf.split(kS, [I, H], 0)
        const whT = tf.transpose(whS) // pre-transposed once, not per step
        const dGs: tf.Tensor2D[] = new Array(T)
        let dhNext: tf.Tensor2D | null = null
        let dc: tf.Tensor2D | null = null
        for (let t = T - 1; t >= 0; t--) {
          const dh = dhNext ? (tf.add(dys[t], dhNext) as tf.Tensor2D) : dys[t]
          const r = cellBackward(a[t], t > 0 ? c[t - 1] : null, tc[t], dh, dc)
          dGs[t] = r.dG
          dc = r.dcPrev
          dhNext = t > 0 ? (tf.matMul(r.dG, whT) as tf.Tensor2D) : null
        }
        const dG = tf.reshape(tf.stack(dGs), [T * B, G4]) as tf.Tensor2D
        return {
          x: () => tf.reshape(tf.matMul(dG, tf.transpose(wxS)), [T, B, I]),
          kernel: () => {
            if (frozen) return tf.zeros([I + H, G4])
            // Weight gradient as one matmul over all B·T rows: [x; h_{t-1}]ᵀ · dG.
            const hPrev = tf.concat([tf.zeros([1, B, H]), tf.slice(hS, [0, 0, 0], [T - 1, B, H])])
            const inp = tf.concat([tf.reshape(xS, [T * B, I]), tf.reshape(hPrev, [T * B, H])], 1)
            return tf.matMul(inp, dG, true, false)
          },
          bias: () => (frozen ? tf.zeros([G4]) : tf.sum(dG, 0)),
        }
      },
    }
  })
}
