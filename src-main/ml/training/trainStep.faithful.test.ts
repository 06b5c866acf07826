// Audit of one training step against an independent autodiff computation (spec §3.3, §4.1–§4.3): every loss gets
// the same 0.05·Σw² over ALL G and D variables (biases too), each network is clipped by its own global norm 5
// (reg included), D and G step simultaneously from one forward pass, and G's loss is the feature-matching SUM.
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import { createModel } from '../model/index'
import type { CrnnGan, WeightMap } from '../model/types'
import { buildModel, toModelSpec } from './modelFactory'
import { NetOptimizer } from './optim'
import { adversarialStep, pretrainStep, type StepInputs } from './trainStep'
import { syntheticSongs } from './testData'
import { Rng } from './seeds'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

// Paper preset (clip 5), small. With these seeds G's gradient norm is above 5 and D's below: a joint clip over both
// networks would then scale D's step too and fail the comparison.
const config = makeConfig('paper', { model: { hidden: 10 }, data: { batchSize: 3 } })
const CLIP = config.optim.clipNorm
const [B, T, F] = [3, 5, 4]
const LR = { g: config.optim.lrG, d: config.optim.lrD }

/** Paper-preset model with non-zero biases (so an L2 that skipped biases would show) and a reference twin. */
function twins(): { fast: CrnnGan; ref: CrnnGan; start: WeightMap } {
  const fast = buildModel(config)
  const w = fast.getWeights()
  const rng = new Rng(5)
  for (const [k, v] of Object.entries(w))
    if (k.endsWith('/bias')) v.data = v.data.map(() => rng.uniform() - 0.5)
  fast.setWeights(w)
  const ref = createModel(toModelSpec(config), { seed: 1, impl: 'reference' })
  ref.setWeights(w)
  return { fast, ref, start: w }
}

function inputs(): StepInputs {
  const rng = new Rng(9)
  const real = new Float32Array(B * T * F)
  syntheticSongs(B, T).forEach((s, i) => real.set(s.cells, i * T * F))
  return {
    real: tf.tensor3d(real, [B, T, F]),
    z: tf.tensor3d(Float32Array.from({ length: B * T * F }, rng.uniform), [B, T, F]),
    y0: tf.tensor2d(Float32Array.from({ length: B * F }, rng.uniform), [B, F]),
    seedG: 21,
    seedDReal: 22,
    seedDFake: 23,
  }
}

/** Independent expectation: w − lr · clip(∇(loss + 0.05·Σ_all w²)), per network; returns the pre-clip norm. */
function expectedStep(model: CrnnGan, vars: tf.Variable[], loss: () => tf.Scalar, lr: number): number {
  const reg = (): tf.Scalar =>
    tf.mul(0.05, tf.addN([...model.gVars, ...model.dVars].map((v) => tf.sum(tf.square(v))))) as tf.Scalar
  const { value, grads } = tf.variableGrads(() => tf.add(loss(), reg()) as tf.Scalar, vars)
  const gs = vars.map((v) => grads[v.name])
  const norm = Math.sqrt(gs.reduce((s, g) => s + tf.sum(tf.square(g)).dataSync()[0], 0))
  const scale = CLIP / Math.max(norm, CLIP)
  tf.tidy(() => vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(gs[i], lr * scale)))))
  tf.dispose([value, ...gs])
  return norm
}

function expectWeightsClose(a: WeightMap, b: WeightMap, start: WeightMap, prefix: string): void {
  for (const k of Object.keys(a).filter((n) => n.startsWith(prefix))) {
    const moved = a[k].data.some((x, i) => x !== start[k].data[i])
    expect(moved, `${k} should have been updated`).toBe(true)
    a[k].data.forEach((x, i) => expect(Math.abs(x - b[k].data[i])).toBeLessThan(1e-4 * (1 + Math.abs(x))))
  }
}

describe('training step faithfulness (independent autodiff reference)', () => {
  it('adversarial: simultaneous D and G SGD steps, reg in every loss, per-network clip, FM sum', () => {
    const { fast, ref, start } = twins()
    const inp = inputs()
    const [optG, optD] = [new NetOptimizer('sgd', LR.g), new NetOptimizer('sgd', LR.d)]
    const before = tf.memory().numTensors
    const l = adversarialStep(fast, config, inp, { d: optD, g: optG })
    const [d, g, fm] = [l.d, l.g, l.fm].map((t) => t.dataSync()[0])
    tf.dispose([l.d, l.g, l.fm, l.mse])
    expect(tf.memory().numTensors).toBe(before)

    // Both gradients from the weights *before* the step (simultaneous, not alternating).
    const pass = (m: CrnnGan) => {
      const fake = m.generate(inp.z, inp.y0, { dropout: true, seed: inp.seedG })
      const dReal = m.discriminate(inp.real, { dropout: true, seed: inp.seedDReal })
      const dFake = m.discriminate(fake, { dropout: true, seed: inp.seedDFake })
      return { dReal, dFake }
    }
    const lossD = (): tf.Scalar => {
      const { dReal, dFake } = pass(ref)
      return tf.neg(tf.mean(tf.add(tf.log(tf.add(dReal.prob, 1e-7)), tf.log(tf.sub(1 + 1e-7, dFake.prob)))))
    }
    const lossFm = (): tf.Scalar => {
      const { dReal, dFake } = pass(ref)
      return tf.sum(tf.square(tf.sub(dReal.features, dFake.features)))
    }
    const reported = tf.tidy(() => {
      const { dFake } = pass(ref)
      const r = ref.regLoss()
      return [lossD(), tf.neg(tf.mean(tf.log(tf.add(dFake.prob, 1e-7)))), lossFm()].map(
        (x) => tf.add(x, r).dataSync()[0],
      )
    })
    const normD = expectedStep(ref, ref.dVars, lossD, LR.d)
    // G's gradient must see the pre-step D: compute it on a second copy of the starting weights.
    const ref2 = createModel(toModelSpec(config), { seed: 1, impl: 'reference' })
    ref2.setWeights(start)
    const normG = expectedStep(
      ref2,
      ref2.gVars,
      () => {
        const { dReal, dFake } = pass(ref2)
        return tf.sum(tf.square(tf.sub(dReal.features, dFake.features)))
      },
      LR.g,
    )
    expect(normD).toBeLessThan(CLIP)
    expect(normG).toBeGreaterThan(CLIP)
    expect(d).toBeCloseTo(reported[0], 2)
    expect(g).toBeCloseTo(reported[1], 2)
    expect(fm / reported[2]).toBeCloseTo(1, 4)
    const [wD, wG] = [ref.getWeights(), ref2.getWeights()]
    const want = Object.fromEntries(Object.keys(wD).map((k) => [k, k.startsWith('d/') ? wD[k] : wG[k]]))
    const got = fast.getWeights()
    expectWeightsClose(got, want, start, 'd/')
    expectWeightsClose(got, want, start, 'g/')
    tf.dispose([inp.real, inp.z, inp.y0])
    ;[fast, ref, ref2].forEach((m) => m.dispose())
    optG.dispose()
    optD.dispose()
  })

  it('pretraining: teacher-forced MSE + reg on G only, clipped, SGD lr 0.1; D untouched', () => {
    const { fast, ref, start } = twins()
    const inp = inputs()
    const opt = new NetOptimizer('sgd', LR.g)
    const l = pretrainStep(fast, config, inp, opt)
    const mse = l.mse.dataSync()[0]
    tf.dispose([l.d, l.g, l.fm, l.mse])
    const lossMse = (): tf.Scalar =>
      tf.mean(
        tf.squaredDifference(
          ref.generateTeacherForced(inp.z, inp.real, inp.y0, { dropout: true, seed: inp.seedG }),
          inp.real,
        ),
      )
    const want = tf.tidy(() => tf.add(lossMse(), ref.regLoss()).dataSync()[0])
    expect(mse / want).toBeCloseTo(1, 4)
    expectedStep(ref, ref.gVars, lossMse, LR.g)
    const got = fast.getWeights()
    expectWeightsClose(got, ref.getWeights(), start, 'g/')
    for (const k of Object.keys(got).filter((n) => n.startsWith('d/')))
      expect(got[k].data).toEqual(start[k].data)
    tf.dispose([inp.real, inp.z, inp.y0])
    ;[fast, ref].forEach((m) => m.dispose())
    opt.dispose()
  })

  it("pretrainCarryState reproduces the author's carried-over LSTM state; default is zero state", () => {
    const { fast, ref } = twins()
    const inp = inputs()
    const carry = { ...config, schedule: { ...config.schedule, pretrainCarryState: true } }
    const mse = (c: typeof config): number => {
      const l = pretrainStep(fast, c, inp, null)
      const v = l.mse.dataSync()[0]
      tf.dispose([l.d, l.g, l.fm, l.mse])
      return v
    }
    const want = (carryState: boolean): number =>
      tf.tidy(() => {
        const o = { dropout: true, seed: inp.seedG, carryFreeRunningState: carryState }
        const pred = ref.generateTeacherForced(inp.z, inp.real, inp.y0, o)
        return tf.add(tf.mean(tf.squaredDifference(pred, inp.real)), ref.regLoss()).dataSync()[0]
      })
    expect(config.schedule.pretrainCarryState).toBe(false)
    expect(mse(config) / want(false)).toBeCloseTo(1, 4)
    expect(mse(carry) / want(true)).toBeCloseTo(1, 4)
    expect(Math.abs(want(true) - want(false))).toBeGreaterThan(1e-5 * want(false))
    // And it trains: the gradient flows through the carried state without leaking tensors.
    const opt = new NetOptimizer('sgd', LR.g)
    const before = tf.memory().numTensors
    const l = pretrainStep(fast, carry, inp, opt)
    tf.dispose([l.d, l.g, l.fm, l.mse])
    expect(tf.memory().numTensors).toBe(before)
    expect(mse(carry)).toBeLessThan(want(true))
    opt.dispose()
    tf.dispose([inp.real, inp.z, inp.y0])
    ;[fast, ref].forEach((m) => m.dispose())
  })
})
