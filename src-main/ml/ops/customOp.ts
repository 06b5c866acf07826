// A differentiable op with a hand-written backward pass whose input gradients are computed lazily: tfjs only
// asks for gradients of inputs on a path from the variables being differentiated, so e.g. D's weight
// gradients are never computed when only G is being trained through D, and data inputs get no gradient at all.
import * as tf from '@tensorflow/tfjs'

/** Lazy input gradients, keyed like the op's inputs. */
export type GradThunks = Record<string, () => tf.Tensor>

/** Result of an op's forward: the output and, when a tape is recording, how to backpropagate it. */
export interface OpForward {
  value: tf.Tensor
  backward?: (dy: tf.Tensor) => GradThunks
}

interface EngineInternals {
  runKernelFunc(p: {
    forwardFunc: () => tf.Tensor
    backwardsFunc: (dy: tf.Tensor) => GradThunks
    inputs: Record<string, tf.Tensor>
  }): tf.Tensor
  state: { gradientDepth: number; kernelDepth: number }
}

/**
 * Runs `forward(tapeOn)` as one tape node over `inputs`. `tapeOn` is false outside gradient recording, so the
 * op can skip keeping activations. Uses tfjs-core's engine.runKernelFunc (the mechanism behind tf.customGrad;
 * tfjs is pinned to 4.22.0), because customGrad would compute every input's gradient eagerly.
 */
export function customOp<T extends tf.Tensor>(
  inputs: Record<string, tf.Tensor>,
  forward: (tapeOn: boolean) => OpForward,
): T {
  const engine = tf.engine() as unknown as EngineInternals
  const tapeOn = engine.state.gradientDepth > 0 && engine.state.kernelDepth === 0
  let res: OpForward | undefined
  return engine.runKernelFunc({
    inputs,
    forwardFunc: () => {
      res = forward(tapeOn)
      return res.value
    },
    backwardsFunc: (dy) => {
      if (!res?.backward) throw new Error('customOp: backward requested but the forward ran without a tape')
      return res.backward(dy)
    },
  }) as T
}
