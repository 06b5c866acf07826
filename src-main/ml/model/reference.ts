// Autodiff ("reference") implementation of G and D: explicit per-step loops of tfjs ops, differentiated by the
// tape. Slow but obviously right; the hand-written BPTT paths are tested against it (spec §3.1, §3.2).
import * as tf from '@tensorflow/tfjs'
import { lstmCellStep, stopGradient } from '../ops/lstmCell'
import type { DVars, GVars, LstmVars } from './params'

/** LSTM state per layer, [B, H] each. */
export interface StackState {
  h: tf.Tensor2D[]
  c: tf.Tensor2D[]
}

/**
 * G unrolled over T steps. z: [B, T, Z]; y0: [B, F]; primer: [B, P, F] or null (prev_t = primer_{t-1}, 1 ≤ t ≤ P);
 * masks: per layer [T, B, H] time-major. init: initial state (zero when omitted).
 * Returns outputs [B, T, F] and the final state (tensors the caller must dispose if kept).
 */
export function generatorRef(
  g: GVars,
  z: tf.Tensor3D,
  y0: tf.Tensor2D,
  primer: tf.Tensor3D | null,
  masks: Float32Array[],
  init?: StackState,
  reluDt = false,
): { y: tf.Tensor3D; state: StackState } {
  const [B, T] = z.shape
  const H = g.inBias.shape[0]
  let finalState: StackState | undefined
  const y = tf.tidy(() => {
    const zs = tf.unstack(z, 1) as tf.Tensor2D[]
    const ps = primer ? (tf.unstack(primer, 1) as tf.Tensor2D[]) : []
    const ms = masks.map((m) => tf.unstack(tf.tensor3d(m, [T, B, H]), 0) as tf.Tensor2D[])
    const h = g.lstm.map((_, l) => init?.h[l] ?? tf.zeros<tf.Rank.R2>([B, H]))
    const c = g.lstm.map((_, l) => init?.c[l] ?? tf.zeros<tf.Rank.R2>([B, H]))
    const ys: tf.Tensor2D[] = []
    let prev = y0
    for (let t = 0; t < T; t++) {
      let a = tf.relu(tf.add(tf.matMul(tf.concat([zs[t], prev], 1), g.inKernel), g.inBias)) as tf.Tensor2D
      g.lstm.forEach((v: LstmVars, l) => {
        ;[h[l], c[l]] = lstmCellStep(a, h[l], c[l], v.kernel, v.bias)
        a = tf.mul(h[l], ms[l][t])
      })
      let yt = tf.add(tf.matMul(a, g.outKernel), g.outBias) as tf.Tensor2D
      if (reluDt) {
        const F = yt.shape[1]
        yt = tf.concat([tf.relu(tf.slice(yt, [0, 0], [B, 1])), tf.slice(yt, [0, 1], [B, F - 1])], 1)
      }
      ys.push(yt)
      prev = t < ps.length ? ps[t] : yt
    }
    finalState = { h: h.map((x) => tf.keep(x)), c: c.map((x) => tf.keep(x)) }
    return tf.stack(ys, 1) as tf.Tensor3D
  })
  return { y, state: finalState as StackState }
}

/** One LSTM layer over a time-major sequence xs: [T, B, I] → hs: [T, B, H] (zero initial state). */
export function lstmSeqRef(xs: tf.Tensor3D, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor3D {
  return tf.tidy(() => {
    const B = xs.shape[1]
    const H = bias.shape[0] / 4
    let h = tf.zeros<tf.Rank.R2>([B, H])
    let c = tf.zeros<tf.Rank.R2>([B, H])
    const hs: tf.Tensor2D[] = []
    for (const x of tf.unstack(xs, 0) as tf.Tensor2D[]) {
      ;[h, c] = lstmCellStep(x, h, c, kernel, bias)
      hs.push(h)
    }
    return tf.stack(hs, 0) as tf.Tensor3D
  })
}

/** {@link lstmSeqRef} as an {@link LstmSeqFn}: frozen weights pass through a gradient stop. */
export const lstmSeqRefFn: LstmSeqFn = (xs, kernel, bias, frozen) =>
  frozen ? lstmSeqRef(xs, stopGradient(kernel), stopGradient(bias)) : lstmSeqRef(xs, kernel, bias)

/**
 * Identifies one layer's forward within one D pass: `key` is the D input's data (shared by a detached copy), `tag`
 * names the masks and the layer. Two passes with equal memo (and equal weights) compute identical activations.
 */
export interface LayerMemo {
  key: object
  tag: string
}

/** Signature of a whole-sequence LSTM layer (time-major), so D can run on either implementation. */
export type LstmSeqFn = (
  xs: tf.Tensor3D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  frozen: boolean,
  memo?: LayerMemo,
) => tf.Tensor3D

/**
 * D over x: [B, T, F] with masks (input [T, B, F]; fw/bw per layer [T, B, H], bw indexed by its own step).
 * Returns prob [B], logits [B, T], features [B, T, 2H].
 */
export function discriminatorWith(
  lstmSeq: LstmSeqFn,
  d: DVars,
  x: tf.Tensor3D,
  masks: { input: Float32Array; fw: Float32Array[]; bw: Float32Array[] },
  frozen: boolean,
  memoTag?: string,
  /** What identifies the pass's input for the memo (default x's data; a derived view passes its source's). */
  memoKey: object = x.dataId as object,
): { prob: tf.Tensor1D; logits: tf.Tensor2D; features: tf.Tensor3D } {
  const memo = (dir: string, l: number): LayerMemo | undefined =>
    memoTag === undefined ? undefined : { key: memoKey, tag: `${memoTag}/${dir}${l}` }
  return tf.tidy(() => {
    const [B, T, F] = x.shape
    const H = d.outKernel.shape[0] / 2
    const xs = tf.mul(tf.transpose(x, [1, 0, 2]), tf.tensor3d(masks.input, [T, B, F])) as tf.Tensor3D
    const stack = (input: tf.Tensor3D, vars: LstmVars[], ms: Float32Array[], dir: string): tf.Tensor3D =>
      vars.reduce(
        (inp, v, l) =>
          tf.mul(
            lstmSeq(inp, v.kernel, v.bias, frozen, memo(dir, l)),
            tf.tensor3d(ms[l], [T, B, H]),
          ) as tf.Tensor3D,
        input,
      )
    const fw = stack(xs, d.fw, masks.fw, 'fw')
    const bw = tf.reverse(stack(tf.reverse(xs, 0), d.bw, masks.bw, 'bw'), 0)
    const features = tf.transpose(tf.concat([fw, bw], 2), [1, 0, 2]) as tf.Tensor3D
    const [outK, outB] = frozen
      ? [stopGradient(d.outKernel), stopGradient(d.outBias)]
      : [d.outKernel, d.outBias]
    return dHead(features, outK, outB)
  })
}

/** D's head over features [B, T, 2H]: logits = features·outK + outB per step, prob = mean over t of σ(logits). */
export function dHead(
  features: tf.Tensor3D,
  outK: tf.Tensor2D,
  outB: tf.Tensor1D,
): { prob: tf.Tensor1D; logits: tf.Tensor2D; features: tf.Tensor3D } {
  return tf.tidy(() => {
    const [B, T, H2] = features.shape
    const logits = tf.reshape(tf.add(tf.matMul(tf.reshape(features, [B * T, H2]), outK), outB), [
      B,
      T,
    ]) as tf.Tensor2D
    const prob = tf.mean(tf.sigmoid(logits), 1) as tf.Tensor1D
    return { prob, logits, features }
  })
}
