// The protocol's discriminative score (TimeGAN, Yoon et al. 2019): a small post-hoc classifier is trained to tell
// generated windows from real ones, k-fold cross-validated on a balanced set, and reported as |accuracy − 0.5|
// (0 = indistinguishable, 0.5 = always told apart). The classifier is a 1-layer LSTM over per-note sequences
// re-encoded from the WRITTEN notes, so both sides pass through the same writer and nothing else can leak. Its
// inputs are z-scored per fold and its hidden states mean-pooled over the notes: with raw pitch/127 inputs and
// the last state only, it could not even tell real chorales from the same chorales with random pitches.
import * as tf from '@tensorflow/tfjs'
import type { WrittenNote } from '../../common/metrics/distributions'
import { Rng } from '../../common/random'
import { implementationFor } from '../model/impls'
import { deriveSeed } from '../training/seeds'

/** Classifier settings; the protocol fixes them (changing one changes the protocol version). */
export interface DiscriminatorOptions {
  readonly hidden: number
  readonly epochs: number
  readonly batchSize: number
  readonly learningRate: number
  readonly folds: number
  /** Notes per window fed to the LSTM (the first ones; longer windows are cut, shorter ones pre-padded). */
  readonly maxNotes: number
}

/** Protocol version 1's classifier. */
export const DISCRIMINATOR_V1: DiscriminatorOptions = {
  hidden: 16,
  epochs: 16,
  batchSize: 32,
  learningRate: 0.01,
  folds: 5,
  maxNotes: 128,
}

/** Result of {@link discriminativeScore}; `score` and `accuracy` are null when a side had < 2 windows. */
export interface DiscriminativeResult {
  readonly score: number | null
  readonly accuracy: number | null
  /** Windows per side after balancing (the larger side is subsampled, seeded). */
  readonly perSide: number
  readonly folds: number
  readonly seed: number
  readonly options: DiscriminatorOptions
}

/** Per-note features: log₂ IOI and log₂ length in beats (÷ 6, clamped), pitch/127, velocity/127, and 1 = "a note". */
const FEATURES = 5

/** log₂ of a duration in beats, clamped to [−6, 6] and scaled to [−1, 1]; 0 beats → −1. */
const logBeats = (ticks: number, ppq: number): number =>
  Math.max(-6, Math.min(6, Math.log2(Math.max(ticks / ppq, 2 ** -6)))) / 6

/** A window's notes as a [T, FEATURES] sequence, pre-padded with zeros (so the last step is the last note). */
export function encodeNotes(notes: readonly WrittenNote[], T: number, ppq: number): Float32Array {
  const out = new Float32Array(T * FEATURES)
  const n = Math.min(T, notes.length)
  let prev = 0
  for (let i = 0; i < n; i++) {
    const note = notes[i]
    const at = (T - n + i) * FEATURES
    out[at] = logBeats(note.startTick - prev, ppq)
    out[at + 1] = logBeats(note.durationTicks, ppq)
    out[at + 2] = note.pitch / 127
    out[at + 3] = note.velocity / 127
    out[at + 4] = 1
    prev = note.startTick
  }
  return out
}

/**
 * Copies of `seqs` whose note features are z-scored with the mean and spread of the `train` sequences' notes
 * (padding stays 0, the "a note" flag stays 1): pitch/127 varies by a few hundredths, which an LSTM barely sees.
 */
function standardise(seqs: readonly Float32Array[], train: readonly number[]): Float32Array[] {
  const D = FEATURES - 1
  const sum = new Float64Array(D)
  const sq = new Float64Array(D)
  let n = 0
  for (const s of train) {
    const seq = seqs[s]
    for (let at = 0; at < seq.length; at += FEATURES) {
      if (seq[at + D] !== 1) continue
      n++
      for (let d = 0; d < D; d++) {
        sum[d] += seq[at + d]
        sq[d] += seq[at + d] ** 2
      }
    }
  }
  const mu = Array.from(sum, (v) => (n > 0 ? v / n : 0))
  const sd = Array.from(sq, (v, d) => Math.sqrt(Math.max(0, (n > 0 ? v / n : 0) - mu[d] ** 2)))
  return seqs.map((seq) => {
    const out = seq.slice()
    for (let at = 0; at < out.length; at += FEATURES)
      if (out[at + D] === 1)
        for (let d = 0; d < D; d++) out[at + d] = sd[d] > 1e-6 ? (out[at + d] - mu[d]) / sd[d] : 0
    return out
  })
}

/** Glorot-uniform values for a [rows, cols] matrix from `rng`. */
function glorot(rows: number, cols: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols))
  return Float32Array.from({ length: rows * cols }, () => (2 * rng.uniform() - 1) * limit)
}

/** A variable holding `init`'s values; `init` is disposed (tf.variable copies it and would leak it). */
function variableOf<R extends tf.Rank>(init: tf.Tensor<R>): tf.Variable<R> {
  const v = tf.variable(init)
  init.dispose()
  return v
}

/** Time-major batch [T, B, FEATURES] of the sequences `idx`. */
function batchOf(seqs: readonly Float32Array[], idx: readonly number[], T: number): tf.Tensor3D {
  const B = idx.length
  const data = new Float32Array(T * B * FEATURES)
  idx.forEach((s, b) => {
    const seq = seqs[s]
    for (let t = 0; t < T; t++)
      data.set(seq.subarray(t * FEATURES, (t + 1) * FEATURES), (t * B + b) * FEATURES)
  })
  return tf.tensor3d(data, [T, B, FEATURES])
}

/**
 * Trains one classifier on `train` and returns how many of `test` it labels right. Labels: 1 = generated.
 * Every tensor is disposed (optimizer slots included).
 */
async function trainAndTest(
  raw: readonly Float32Array[],
  labels: readonly number[],
  train: readonly number[],
  test: readonly number[],
  T: number,
  o: DiscriminatorOptions,
  seed: number,
): Promise<number> {
  const lstmSeq = implementationFor('auto').lstmSeq
  if (!lstmSeq) throw new Error('no whole-sequence LSTM implementation is registered')
  const seqs = standardise(raw, train)
  const rng = new Rng(seed)
  const H = o.hidden
  const kernel = variableOf(tf.tensor2d(glorot(FEATURES + H, 4 * H, rng), [FEATURES + H, 4 * H]))
  const bias = variableOf(tf.zeros([4 * H]) as tf.Tensor1D)
  const w = variableOf(tf.tensor2d(glorot(H, 1, rng), [H, 1]))
  const b = variableOf(tf.zeros([1]) as tf.Tensor1D)
  const vars = [kernel, bias, w, b]
  const logits = (x: tf.Tensor3D): tf.Tensor1D =>
    tf.tidy(() => {
      const hs = lstmSeq(x, kernel, bias, false)
      // Mean of the hidden states over the steps that hold a note (feature 4 = 1), so every note reaches the loss.
      const mask = tf.slice(x, [0, 0, FEATURES - 1], [-1, -1, 1])
      const pooled = tf.div(tf.sum(tf.mul(hs, mask), 0), tf.maximum(tf.sum(mask, 0), 1)) as tf.Tensor2D
      return tf.reshape(tf.add(tf.matMul(pooled, w), b), [-1]) as tf.Tensor1D
    })
  const opt = tf.train.adam(o.learningRate)
  try {
    const order = [...train]
    for (let e = 0; e < o.epochs; e++) {
      rng.shuffle(order)
      for (let i = 0; i < order.length; i += o.batchSize) {
        const idx = order.slice(i, i + o.batchSize)
        const x = batchOf(seqs, idx, T)
        const y = tf.tensor1d(idx.map((j) => labels[j]))
        const loss = opt.minimize(() => tf.losses.sigmoidCrossEntropy(y, logits(x)) as tf.Scalar, true, vars)
        tf.dispose([x, y, loss ?? []])
      }
      // Let other work (pause/stop messages of a trainer) in between epochs.
      await new Promise((r) => setImmediate(r))
    }
    const x = batchOf(seqs, test, T)
    const out = logits(x)
    const z = await out.data()
    tf.dispose([x, out])
    return test.filter((j, k) => (z[k] > 0 ? 1 : 0) === labels[j]).length
  } finally {
    opt.dispose()
    tf.dispose(vars)
  }
}

/**
 * Discriminative score of `generated` vs `real` windows (written notes, 384-PPQ ticks): balance the sides by a
 * seeded subsample of the larger one, split each side into min(folds, n) stratified folds, train a fresh
 * classifier per fold on the rest, and score |accuracy − 0.5| over all held-out windows.
 */
export async function discriminativeScore(
  generated: readonly (readonly WrittenNote[])[],
  real: readonly (readonly WrittenNote[])[],
  seed: number,
  ppq: number,
  o: DiscriminatorOptions = DISCRIMINATOR_V1,
  onFold?: (done: number, total: number) => void,
): Promise<DiscriminativeResult> {
  const n = Math.min(generated.length, real.length)
  const folds = Math.min(o.folds, n)
  const base = { perSide: n, folds, seed, options: o }
  if (n < 2) return { ...base, score: null, accuracy: null }
  const pick = (list: readonly (readonly WrittenNote[])[], s: number) =>
    new Rng(deriveSeed(seed, s))
      .shuffle(list.map((_, i) => i))
      .slice(0, n)
      .sort((a, b) => a - b)
      .map((i) => list[i])
  const sides = [pick(generated, 1), pick(real, 2)]
  const longest = sides.flat().reduce((m, notes) => Math.max(m, notes.length), 0)
  const T = Math.max(1, Math.min(o.maxNotes, longest))
  const seqs = sides.flat().map((notes) => encodeNotes(notes, T, ppq))
  const labels = [...new Array<number>(n).fill(1), ...new Array<number>(n).fill(0)]
  // Stratified folds: each side's windows are shuffled and dealt round-robin.
  const foldOf = new Array<number>(2 * n)
  for (const [side, s] of [
    [0, 3],
    [1, 4],
  ]) {
    const order = new Rng(deriveSeed(seed, s)).shuffle(Array.from({ length: n }, (_, i) => side * n + i))
    order.forEach((j, k) => (foldOf[j] = k % folds))
  }
  let correct = 0
  for (let f = 0; f < folds; f++) {
    const all = Array.from({ length: 2 * n }, (_, j) => j)
    const test = all.filter((j) => foldOf[j] === f)
    const train = all.filter((j) => foldOf[j] !== f)
    correct += await trainAndTest(seqs, labels, train, test, T, o, deriveSeed(seed, 10 + f))
    onFold?.(f + 1, folds)
  }
  const accuracy = correct / (2 * n)
  return { ...base, score: Math.abs(accuracy - 0.5), accuracy }
}
