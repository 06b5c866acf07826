// A differentiable op with a hand-written backward pass whose input gradients are computed lazily: tfjs only
// asks for gradients of inputs on a path from the variables being differentiated, so e.g. D's weight
// gradients are never computed when only G is being trained through D, and data inputs get no gradient at all.
import * as tf from '@tensorflow/tfjs'

/** Lazy input gradients, keyed like the op's inputs. */
export type GradThunks = Record<string, () => tf.Tensor>

/** Result of an op's forward: the output and, when a tape is recording, how to backpropagate it. */
export interface OpForward {
  value: tf.Tensor
  /** `saved`: the tensors passed to `save` in the forward (engine-owned, disposed after backprop). */
  backward?: (dy: tf.Tensor, saved: tf.Tensor[]) => GradThunks
}

interface EngineInternals {
  runKernelFunc(p: {
    forwardFunc: (backend: unknown, save: (ts: tf.Tensor[]) => void) => tf.Tensor
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => GradThunks
    inputs: Record<string, tf.Tensor>
  }): tf.Tensor
  state: { gradientDepth: number; kernelDepth: number }
}

/**
 * Runs `forward(tapeOn, save)` as one tape node over `inputs`. `tapeOn` is false outside gradient recording, so
 * the op can skip keeping activations; tensors given to `save` (call it once) reach `backward` and are disposed
 * by the engine after backprop, even when this node's backward never runs. Uses tfjs-core's engine.runKernelFunc (the mechanism behind tf.customGrad;
 * tfjs is pinned to 4.22.0), because customGrad would compute every input's gradient eagerly.
 */
export function customOp<T extends tf.Tensor>(
  inputs: Record<string, tf.Tensor>,
  forward: (tapeOn: boolean, save: (ts: tf.Tensor[]) => void) => OpForward,
): T {
  const engine = tf.engine() as unknown as EngineInternals
  const tapeOn = engine.state.gradientDepth > 0 && engine.state.kernelDepth === 0
  let res: OpForward | undefined
  return engine.runKernelFunc({
    inputs,
    forwardFunc: (_backend, save) => {
      res = forward(tapeOn, save)
      return res.value
    },
    backwardsFunc: (dy, saved) => {
      if (!res?.backward) throw new Error('customOp: backward requested but the forward ran without a tape')
      return res.backward(dy, saved)
    },
  }) as T
}
