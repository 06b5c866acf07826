// The fused D pass of an adversarial step (wasm kernel): forward equal to three separate passes, gradients against
// float64 central differences and against the autodiff reference, for both kernel builds and both thread counts.
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, defaultSpec, stopGradient } from '../model/index'
import type { CrnnGan } from '../model/index'
import { dMasks } from '../model/params'
import { dFeatures64, numericGrad, randomArray, relErr, type D64 } from './testing/float64'
import { discriminatorPairKernel, discriminatorKernelStats } from './wasm/discriminatorKernel'
import {
  availableKernelVariants,
  kernelVariant,
  setKernelThreads,
  useKernelVariant,
  type KernelVariant,
} from './wasm/kernel'

const [B, T, F, H] = [2, 4, 4, 6] // H not a multiple of 4: the cell's tail lanes
const spec = defaultSpec(1, { hidden: H })

const cases = ['cpu', 'wasm'].flatMap((backend) =>
  availableKernelVariants().flatMap((variant) => [1, 2].map((threads) => ({ backend, variant, threads }))),
)

describe.each(cases)(
  'fused D pass on $backend, $variant kernel, $threads thread(s)',
  ({ backend, variant, threads }) => {
    let before: { variant: KernelVariant; threads: number }
    beforeAll(async () => {
      await tf.setBackend(backend)
      before = { variant: kernelVariant().variant, threads: setKernelThreads(1) }
      useKernelVariant(variant)
      setKernelThreads(threads)
    })
    afterAll(() => {
      useKernelVariant(before.variant)
      setKernelThreads(before.threads)
    })

    const w64: D64 = {
      fw: [0, 1].map((l) => [
        randomArray(((l ? H : F) + H) * 4 * H, 1 + l, -0.5, 0.5),
        randomArray(4 * H, 3 + l, -0.2, 0.2),
      ]),
      bw: [0, 1].map((l) => [
        randomArray(((l ? H : F) + H) * 4 * H, 5 + l, -0.5, 0.5),
        randomArray(4 * H, 7 + l, -0.2, 0.2),
      ]),
    } as D64
    const real = randomArray(B * T * F, 9, 0, 1)
    const fake = randomArray(B * T * F, 10, 0, 1)
    const mR = dMasks(spec, B, T, true, 11)
    const mF = dMasks(spec, B, T, true, 12)
    const R = [13, 14, 15].map((s) => randomArray(B * T * 2 * H, s))
    const dot = (a: Float64Array, r: Float64Array): number => a.reduce((s, v, i) => s + v * r[i], 0)

    it.each([
      { frozenD: false, withG: true },
      { frozenD: false, withG: false },
      { frozenD: true, withG: true },
    ])(
      'frozenD $frozenD, withG $withG: forward exact in float32, gradients match float64 central differences',
      ({ frozenD, withG }) => {
        const n0 = tf.memory().numTensors
        const f32 = (a: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(a), shape)
        const wt = (d: 'fw' | 'bw') =>
          w64[d].map(([W, b], l) => ({
            kernel: f32(W, [(l ? H : F) + H, 4 * H]) as tf.Tensor2D,
            bias: f32(b, [4 * H]) as tf.Tensor1D,
          }))
        const w = { fw: wt('fw'), bw: wt('bw') }
        const params = [...w.fw, ...w.bw].flatMap((v) => [v.kernel, v.bias])
        const xr = f32(real, [B, T, F]) as tf.Tensor3D
        const xf = f32(fake, [B, T, F]) as tf.Tensor3D
        const Rt = R.map((r) => f32(r, [B, T, 2 * H]))
        const passes = discriminatorKernelStats.passes
        const { value, grads } = tf.tidy(() => {
          const g = tf.grads((...p: tf.Tensor[]) => {
            const ws = (o: number) =>
              [0, 1].map((l) => ({
                kernel: p[o + 2 * l] as tf.Tensor2D,
                bias: p[o + 2 * l + 1] as tf.Tensor1D,
              }))
            const feats = discriminatorPairKernel(
              { fw: ws(0), bw: ws(4) },
              xr,
              p[8] as tf.Tensor3D,
              { real: mR, fake: mF },
              frozenD,
              withG,
            )
            expect(feats.shape).toEqual([withG ? 3 * B : 2 * B, T, 2 * H])
            const blocks = [0, 1, 2]
              .slice(0, withG ? 3 : 2)
              .map((i) => tf.slice(feats, [i * B, 0, 0], [B, -1, -1]))
            return tf.addN(blocks.map((b, i) => tf.sum(tf.mul(b, Rt[i]))))
          })
          const v = discriminatorPairKernel(w, xr, xf, { real: mR, fake: mF }, frozenD, withG)
          return { value: v.arraySync() as number[][][], grads: g([...params, xf]) }
        })
        expect(discriminatorKernelStats.passes - passes).toBe(2)
        // Forward: rows real, fake (and fake again) equal float64 within float32 rounding.
        const want = [dFeatures64(real, w64, mR, B, T, F, H), dFeatures64(fake, w64, mF, B, T, F, H)]
        const flat = value.flat(2)
        for (let i = 0; i < flat.length; i++) {
          const blk = Math.floor(i / (B * T * 2 * H))
          expect(Math.abs(flat[i] - want[Math.min(blk, 1)][i % (B * T * 2 * H)])).toBeLessThan(2e-6)
        }
        // Weights learn from the real and fake blocks; the fake input only from the G block.
        const lossW = (): number =>
          dot(dFeatures64(real, w64, mR, B, T, F, H), R[0]) +
          dot(dFeatures64(fake, w64, mF, B, T, F, H), R[1])
        const fakeArr = Float64Array.from(fake)
        const lossX = (): number => dot(dFeatures64(fakeArr, w64, mF, B, T, F, H), R[2])
        const at = [...w64.fw, ...w64.bw].flat()
        let checked = 0
        grads.forEach((g, k) => {
          const a = g.dataSync()
          const isX = k === at.length
          for (let i = 0; i < a.length; i += Math.max(1, Math.floor(a.length / 10))) {
            const n = isX
              ? withG
                ? numericGrad(lossX, fakeArr, i)
                : 0
              : frozenD
                ? 0
                : numericGrad(lossW, at[k], i)
            expect(relErr(a[i], n), `param ${k} index ${i}`).toBeLessThan(3e-3)
            checked++
          }
        })
        expect(checked).toBeGreaterThan(80)
        tf.dispose([...grads, ...params, xr, xf, ...Rt])
        expect(tf.memory().numTensors).toBe(n0)
      },
    )

    it('gives the same forward values, bit for bit, as the three separate kernel passes', () => {
      const m = createModel(spec, { seed: 4, impl: 'kernel' })
      const n0 = tf.memory().numTensors
      const r = tf.tensor3d(Float32Array.from(real), [B, T, F])
      const f = tf.tensor3d(Float32Array.from(fake), [B, T, F])
      const o = m.discriminateStep(r, f, {
        dropout: true,
        seedReal: 21,
        seedFake: 22,
        frozenD: false,
        withG: true,
      })
      const sr = m.discriminate(r, { dropout: true, seed: 21 })
      const sf = m.discriminate(f, { dropout: true, seed: 22 })
      const same = (a: tf.Tensor, b: tf.Tensor): boolean => {
        const [x, y] = [a.dataSync(), b.dataSync()]
        return x.length === y.length && x.every((v, i) => Object.is(v, y[i]))
      }
      expect(same(o.real.features, sr.features)).toBe(true)
      expect(same(o.fake.features, sf.features)).toBe(true)
      expect(same(o.fakeG!.features, sf.features)).toBe(true)
      expect(same(o.real.prob, sr.prob) && same(o.fake.prob, sf.prob)).toBe(true)
      tf.dispose([r, f, ...[o.real, o.fake, o.fakeG!, sr, sf].flatMap((x) => [x.prob, x.logits, x.features])])
      expect(tf.memory().numTensors).toBe(n0)
      m.dispose()
    })

    it('model.discriminateStep agrees with the autodiff reference on every output and gradient', () => {
      const ref = createModel(spec, { seed: 3, impl: 'reference' })
      const ker = createModel(spec, { seed: 3, impl: 'kernel' })
      const realT = tf.tensor3d(Float32Array.from(real), [B, T, F])
      const fakeV = tf.variable(
        tf.tensor3d(Float32Array.from(fake), [B, T, F]),
        true,
        `fake-${backend}-${variant}-${threads}`,
      )
      const n0 = tf.memory().numTensors
      const objective = (m: CrnnGan) => () => {
        const o = m.discriminateStep(realT, fakeV, {
          dropout: true,
          seedReal: 21,
          seedFake: 22,
          frozenD: false,
          withG: true,
        })
        const g = o.fakeG!
        return tf.addN([
          tf.mean(tf.log(o.real.prob)),
          tf.mean(tf.log(tf.sub(1, o.fake.prob))),
          tf.sum(tf.square(tf.sub(stopGradient(o.real.features), g.features))),
          tf.mul(0.3, tf.sum(g.logits)),
          tf.mul(0.1, tf.sum(o.fake.logits)),
        ]) as tf.Scalar
      }
      const run = (m: CrnnGan) => tf.variableGrads(objective(m), [...m.dVars, fakeV])
      const a = run(ref)
      const b = run(ker)
      expect(Math.abs(a.value.dataSync()[0] - b.value.dataSync()[0])).toBeLessThan(
        1e-4 * Math.abs(a.value.dataSync()[0]) + 1e-5,
      )
      const names = [...ref.dVars.map((v) => v.name), fakeV.name]
      const namesK = [...ker.dVars.map((v) => v.name), fakeV.name]
      names.forEach((n, i) => {
        const [ga, gb] = [a.grads[n], b.grads[namesK[i]]]
        const scale = tf.tidy(() => tf.max(tf.abs(ga)).dataSync()[0])
        const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ga, gb))).dataSync()[0])
        expect(diff / (scale + 1e-6), n).toBeLessThan(2e-4)
      })
      tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)])
      expect(tf.memory().numTensors).toBe(n0)
      tf.dispose([realT, fakeV])
      ref.dispose()
      ker.dispose()
    })
  },
)
