// NetOptimizer's learning-rate change, which NaN and collapse rollbacks (and a resume after one) go through.
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { NetOptimizer } from './optim'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** Adam's second update (β₁ 0.5, β₂ 0.999, ε 1e-8) of one weight after gradients g1 then g2, at rate `lr`. */
function adamSecond(g1: number, g2: number, lr: number): number {
  const m = 0.5 * (0.5 * g1) + 0.5 * g2
  const v = 0.999 * (0.001 * g1 * g1) + 0.001 * g2 * g2
  return (-lr * (m / (1 - 0.5 ** 2))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8)
}

describe('NetOptimizer.setLearningRate', () => {
  // tfjs's optimizer classes answer `instanceof` by duck typing, so Adam passed for SGD and the change called a
  // method Adam does not have: every rollback of an Adam run (studio, quick, modern) crashed with a TypeError.
  it.each(['sgd', 'adam'] as const)(
    '%s: the new rate applies from the next step, slots kept',
    async (kind) => {
      const before = tf.memory().numTensors
      const init = tf.tensor1d([1, 2])
      const w = tf.variable(init, true, `optim-test-${kind}`)
      init.dispose()
      const opt = new NetOptimizer(kind, 0.1, 0.5)
      opt.apply({ [w.name]: tf.tensor1d([0.5, -1]) }, 5)
      await opt.setLearningRate(0.05)
      expect(opt.learningRate).toBe(0.05)
      const w1 = Array.from(w.dataSync())
      opt.apply({ [w.name]: tf.tensor1d([1, -1]) }, 5)
      const d = Array.from(w.dataSync()).map((x, i) => x - w1[i])
      // Fresh Adam slots would move each weight by the full rate (0.05); kept ones by far less.
      const want = kind === 'sgd' ? [-0.05, 0.05] : [adamSecond(0.5, 1, 0.05), adamSecond(-1, -1, 0.05)]
      d.forEach((x, i) => expect(x).toBeCloseTo(want[i], 5))
      opt.dispose()
      w.dispose()
      expect(tf.memory().numTensors).toBe(before)
    },
  )
})
