// The fused D pass on studio specs: D reads the cells plus the music view (dInputWidth > F, input dropout at that
// width, separate keeps), and G's gradient returns to the fake through the view's gradient factor. Forward values
// must equal three separate kernel passes bit for bit; every output and gradient must match the autodiff reference
// and the separate passes.
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, defaultSpec, stopGradient } from '../model/index'
import type { CrnnGan, DiscriminatorOutput, ModelSpec } from '../model/index'
import { dInputWidth } from '../model/types'
import { discriminatorKernelStats } from './wasm/discriminatorKernel'
import { setKernelThreads } from './wasm/kernel'

const [B, T, H] = [2, 5, 6]
const studio = (dView: ModelSpec['dView']): ModelSpec =>
  defaultSpec(1, {
    hidden: H,
    noiseDim: 3,
    output: 'reluDt',
    dView,
    dViewGrad: 0.5,
    keepProbDInput: 0.85,
    keepProbD: 0.7,
    outputLattice: 'studio',
  })
const F = 4
const cells = (seed: number): tf.Tensor3D =>
  tf.tidy(() =>
    tf.mul(tf.randomUniform([B, T, F], 0, 1, 'float32', seed), [1, 1, 2, 1.6]).sub([0, 0, 1, 0.8]),
  )
const opts = { dropout: true, seedReal: 21, seedFake: 22, frozenD: false, withG: true }
const cases = ['cpu', 'wasm'].flatMap((backend) =>
  (['studioMusic', 'studioChroma'] as const).flatMap((view) =>
    [1, 2].map((threads) => ({ backend, view, threads })),
  ),
)

describe.each(cases)(
  'fused D pass, $view view on $backend, $threads thread(s)',
  ({ backend, view, threads }) => {
    const spec = studio(view)
    let before = 1
    beforeAll(async () => {
      await tf.setBackend(backend)
      before = setKernelThreads(threads)
    })
    afterAll(() => void setKernelThreads(before))

    /** discriminateStep as three discriminate calls (what adversarialStep ran before the fused op). */
    const separate = (m: CrnnGan, real: tf.Tensor3D, fake: tf.Tensor3D) => {
      const detached = stopGradient(fake)
      const out = {
        real: m.discriminate(real, { dropout: true, seed: opts.seedReal }),
        fake: m.discriminate(detached, { dropout: true, seed: opts.seedFake }),
        fakeG: m.discriminate(fake, { dropout: true, seed: opts.seedFake, frozen: true }),
      }
      detached.dispose()
      return out
    }
    /** A step-shaped objective over every output: L_D terms, mean FM, the NS term, logits. */
    const objective = (o: {
      real: DiscriminatorOutput
      fake: DiscriminatorOutput
      fakeG: DiscriminatorOutput | null
    }) =>
      tf.addN([
        tf.mean(tf.log(o.real.prob)),
        tf.mean(tf.log(tf.sub(1, o.fake.prob))),
        tf.sum(
          tf.squaredDifference(
            tf.mean(stopGradient(o.real.features), [0, 1]),
            tf.mean(o.fakeG!.features, [0, 1]),
          ),
        ),
        tf.neg(tf.mean(tf.log(o.fakeG!.prob))),
        tf.mul(0.1, tf.sum(o.fake.logits)),
      ]) as tf.Scalar

    it('D reads the wider input; forward equals the separate kernel passes bit for bit', () => {
      expect(dInputWidth(spec)).toBeGreaterThan(F)
      const m = createModel(spec, { seed: 4, impl: 'kernel' })
      const [r, f] = [cells(1), cells(2)]
      const n0 = tf.memory().numTensors
      const passes = discriminatorKernelStats.passes
      const o = m.discriminateStep(r, f, opts)
      expect(discriminatorKernelStats.passes - passes).toBe(1)
      const s = separate(m, r, f)
      const bits = (a: tf.Tensor, b: tf.Tensor): boolean => {
        const [x, y] = [a.dataSync(), b.dataSync()]
        return x.length === y.length && x.every((v, i) => Object.is(v, y[i]))
      }
      for (const k of ['real', 'fake', 'fakeG'] as const) {
        expect(bits(o[k]!.features, s[k].features), k).toBe(true)
        expect(bits(o[k]!.prob, s[k].prob), k).toBe(true)
      }
      tf.dispose(
        [o, s].flatMap((x) => [x.real, x.fake, x.fakeG!]).flatMap((x) => [x.prob, x.logits, x.features]),
      )
      expect(tf.memory().numTensors).toBe(n0)
      tf.dispose([r, f])
      m.dispose()
    })

    it('every gradient (D weights, the fake through the view) matches the reference and the separate passes', () => {
      const [ref, ker] = [
        createModel(spec, { seed: 3, impl: 'reference' }),
        createModel(spec, { seed: 3, impl: 'kernel' }),
      ]
      const real = cells(3)
      const fakeV = tf.variable(cells(4), true, `fake-${view}-${backend}-${threads}`)
      const n0 = tf.memory().numTensors
      const run = (m: CrnnGan, fused: boolean) =>
        tf.variableGrads(
          () => objective(fused ? m.discriminateStep(real, fakeV, opts) : separate(m, real, fakeV)),
          [...m.dVars, fakeV],
        )
      const want = run(ref, true)
      const names = (m: CrnnGan) => [...m.dVars.map((v) => v.name), fakeV.name]
      for (const got of [run(ker, true), run(ker, false)]) {
        expect(Math.abs(want.value.dataSync()[0] - got.value.dataSync()[0])).toBeLessThan(
          1e-4 * Math.abs(want.value.dataSync()[0]) + 1e-5,
        )
        names(ref).forEach((n, i) => {
          const [ga, gb] = [want.grads[n], got.grads[names(ker)[i]]]
          const scale = tf.tidy(() => tf.max(tf.abs(ga)).dataSync()[0])
          const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ga, gb))).dataSync()[0])
          expect(scale, n).toBeGreaterThan(0)
          expect(diff / scale, n).toBeLessThan(2e-4)
        })
        tf.dispose([got.value, ...Object.values(got.grads)])
      }
      tf.dispose([want.value, ...Object.values(want.grads)])
      expect(tf.memory().numTensors).toBe(n0)
      tf.dispose([real, fakeV])
      ref.dispose()
      ker.dispose()
    })
  },
)
