// Loss forms against hand-computed values (spec §4.1–§4.2): MSE mean, L_D, non-saturating L_G, feature matching SUM.
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { discriminatorLoss, featureMatchingLoss, generatorLoss, mseLoss } from './losses'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const value = (f: () => tf.Scalar): number => {
  const t = f()
  const v = t.dataSync()[0]
  t.dispose()
  return v
}

describe('C-RNN-GAN losses', () => {
  it('pretraining MSE is the mean over B·T·F', () => {
    const before = tf.memory().numTensors
    const v = value(() => tf.tidy(() => mseLoss(tf.tensor3d([[[1, 2]], [[3, 4]]]), tf.zeros([2, 1, 2]))))
    expect(v).toBeCloseTo((1 + 4 + 9 + 16) / 4, 5)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('L_D = mean_b[−log D(x) − log(1 − D(G(z)))]; with label 0.9 the real term is smoothed', () => {
    const pReal = [0.8, 0.5]
    const pFake = [0.2, 0.5]
    const expected = (-Math.log(0.8) - Math.log(0.8) + (-Math.log(0.5) - Math.log(0.5))) / 2
    const v = value(() => tf.tidy(() => discriminatorLoss(tf.tensor1d(pReal), tf.tensor1d(pFake), 0)))
    expect(v).toBeCloseTo(expected, 5)
    const smooth = value(() =>
      tf.tidy(() => discriminatorLoss(tf.tensor1d([0.8]), tf.tensor1d([0.2]), 0, 0.9)),
    )
    expect(smooth).toBeCloseTo(-(0.9 * Math.log(0.8) + 0.1 * Math.log(0.2)) - Math.log(0.8), 5)
  })

  it("standard L_G is the code's non-saturating mean(−log D(G(z))), not the paper's log(1 − D)", () => {
    const v = value(() => tf.tidy(() => generatorLoss(tf.tensor1d([0.2, 0.5]), 0)))
    expect(v).toBeCloseTo((-Math.log(0.2) - Math.log(0.5)) / 2, 5)
    expect(v).toBeGreaterThan(0) // the paper's printed form would be negative here
  })

  it('the ε guard keeps log(0) finite (documented deviation; ε = 0 is the unguarded original)', () => {
    expect(Number.isFinite(value(() => tf.tidy(() => generatorLoss(tf.tensor1d([0]), 1e-7))))).toBe(true)
    expect(value(() => tf.tidy(() => generatorLoss(tf.tensor1d([0]), 0)))).toBe(Infinity)
  })

  it('feature matching is the SUM over batch × time × 2H of per-sample squared differences (no mean)', () => {
    const B = 2
    const T = 3
    const H2 = 4
    const real = tf.ones([B, T, H2])
    const fake = tf.zeros([B, T, H2])
    expect(value(() => featureMatchingLoss(real, fake))).toBeCloseTo(B * T * H2, 5)
    // Real sample b is paired with fake sample b: two batches with the same batch mean still differ.
    const r = tf.tensor3d([[[1]], [[-1]]])
    const f = tf.tensor3d([[[-1]], [[1]]])
    expect(value(() => featureMatchingLoss(r, f))).toBeCloseTo(8, 5)
    tf.dispose([real, fake, r, f])
  })
})
