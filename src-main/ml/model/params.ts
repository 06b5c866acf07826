// Groups the model's variables by role, and draws the per-pass dropout masks (time-major [T, B, ·] layout).
import type * as tf from '@tensorflow/tfjs'
import { deriveSeed, dropoutMask } from '../ops/masks'
import { dInputWidth, type ModelSpec } from './types'

/** One LSTM layer's variables: kernel [I + H, 4H] over [x; h] (gates i, j, f, o), bias [4H]. */
export interface LstmVars {
  kernel: tf.Tensor2D
  bias: tf.Tensor1D
}

/** G's variables (spec §3.1). inKernel [Z + F, H] (Z = F in the paper), outKernel [H, F]. */
export interface GVars {
  inKernel: tf.Tensor2D
  inBias: tf.Tensor1D
  lstm: LstmVars[]
  outKernel: tf.Tensor2D
  outBias: tf.Tensor1D
}

/** D's variables (spec §3.2). outKernel [2H, 1]. */
export interface DVars {
  fw: LstmVars[]
  bw: LstmVars[]
  outKernel: tf.Tensor2D
  outBias: tf.Tensor1D
}

/** Splits the flat variable lists (order of spec.variableShapes) into roles. */
export function groupG(v: readonly tf.Tensor[], layers: number): GVars {
  const lstm: LstmVars[] = []
  for (let l = 0; l < layers; l++)
    lstm.push({ kernel: v[2 + 2 * l] as tf.Tensor2D, bias: v[3 + 2 * l] as tf.Tensor1D })
  return {
    inKernel: v[0] as tf.Tensor2D,
    inBias: v[1] as tf.Tensor1D,
    lstm,
    outKernel: v[2 + 2 * layers] as tf.Tensor2D,
    outBias: v[3 + 2 * layers] as tf.Tensor1D,
  }
}

/** See {@link groupG}. */
export function groupD(v: readonly tf.Tensor[], layers: number): DVars {
  const stack = (off: number): LstmVars[] =>
    Array.from({ length: layers }, (_, l) => ({
      kernel: v[off + 2 * l] as tf.Tensor2D,
      bias: v[off + 2 * l + 1] as tf.Tensor1D,
    }))
  return {
    fw: stack(0),
    bw: stack(2 * layers),
    outKernel: v[4 * layers] as tf.Tensor2D,
    outBias: v[4 * layers + 1] as tf.Tensor1D,
  }
}

/** Mask streams: which seeded sub-stream each mask uses (keeps G's and D's masks independent). */
const STREAM = { g: 100, dIn: 200, dFw: 300, dBw: 400 }

/** G's per-layer output masks, each [T, B, H] time-major; all ones when dropout is off. */
export function gMasks(
  spec: ModelSpec,
  B: number,
  T: number,
  dropout: boolean,
  seed: number,
): Float32Array[] {
  const keep = dropout ? spec.keepProb : 1
  const n = T * B * spec.hidden
  return Array.from({ length: spec.layersG }, (_, l) => dropoutMask(n, keep, deriveSeed(seed, STREAM.g + l)))
}

/**
 * D's masks: input [T, B, F]; per-layer outputs [T, B, H] for the forward stack (indexed by t) and the backward
 * stack (indexed by its own step s = T-1-t).
 */
export function dMasks(
  spec: ModelSpec,
  B: number,
  T: number,
  dropout: boolean,
  seed: number,
): { input: Float32Array; fw: Float32Array[]; bw: Float32Array[] } {
  const keep = dropout ? (spec.keepProbD ?? spec.keepProb) : 1
  const keepIn = dropout ? (spec.keepProbDInput ?? spec.keepProb) : 1
  const n = T * B * spec.hidden
  const layer = (base: number): Float32Array[] =>
    Array.from({ length: spec.layersD }, (_, l) => dropoutMask(n, keep, deriveSeed(seed, base + l)))
  return {
    input: dropoutMask(T * B * dInputWidth(spec), keepIn, deriveSeed(seed, STREAM.dIn)),
    fw: layer(STREAM.dFw),
    bw: layer(STREAM.dBw),
  }
}
