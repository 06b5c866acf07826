// The contract both whole-unroll G ops (wasm kernel, tfjs ops) implement (spec §3.1): the weights they read,
// their signature, and the op's named inputs, whose keys their backward passes use for the gradient thunks.
import type * as tf from '@tensorflow/tfjs'

/** G's weights as tensors: inKernel [Z + F, H], lstm kernels [2H, 4H], outKernel [H, F]. */
export interface GWeights {
  inKernel: tf.Tensor2D
  inBias: tf.Tensor1D
  lstm: { kernel: tf.Tensor2D; bias: tf.Tensor1D }[]
  outKernel: tf.Tensor2D
  outBias: tf.Tensor1D
}

/**
 * G unroll. z: [B, T, Z]; y0: [B, F]; primer: [B, P, F] or null (prev_t = primer_{t-1} for 1 ≤ t ≤ P);
 * masks: per layer [T, B, H]. Returns y: [B, T, F]. With `reluDt`, feature 0 of every output is max(0, ·), both
 * in what is returned and in what is fed back (ModelSpec.output 'reluDt').
 */
export type GeneratorOp = (
  w: GWeights,
  z: tf.Tensor3D,
  y0: tf.Tensor2D,
  primer: tf.Tensor3D | null,
  masks: Float32Array[],
  reluDt?: boolean,
) => tf.Tensor3D

/**
 * The op's inputs for customOp: z, y0, primer (when given), inKernel, inBias, k{l}/b{l} per LSTM layer, outKernel,
 * outBias. Gradients are returned under the same keys.
 */
export function generatorInputs(
  w: GWeights,
  z: tf.Tensor3D,
  y0: tf.Tensor2D,
  primer: tf.Tensor3D | null,
): Record<string, tf.Tensor> {
  const inputs: Record<string, tf.Tensor> = { z, y0, inKernel: w.inKernel, inBias: w.inBias }
  w.lstm.forEach((v, l) => ((inputs[`k${l}`] = v.kernel), (inputs[`b${l}`] = v.bias)))
  inputs.outKernel = w.outKernel
  inputs.outBias = w.outBias
  if (primer) inputs.primer = primer
  return inputs
}
