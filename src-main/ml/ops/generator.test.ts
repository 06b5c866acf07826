// Gradient checks of both G-unroll ops (wasm kernel, tfjs ops) against float64 central differences.
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dropoutMask } from './masks'
import { generator64, numericGrad, randomArray, relErr, type G64 } from './testing/float64'
import { generatorTf } from './tfjs/generatorTf'
import { generatorKernel } from './wasm/generatorKernel'
import { availableKernelVariants, kernelVariant, setKernelThreads, useKernelVariant } from './wasm/kernel'

const [B, T, F, H, L] = [2, 5, 4, 6, 2]

// Z = F with a linear output is the paper; Z = 7 with reluDt is the studio variant (noise wider than F, dt ≥ 0 fed
// back). The output bias of dt is shifted negative there so that max(0, ·) really clips some steps.
const cases = ['cpu', 'wasm'].flatMap((backend) =>
  [
    { Z: F, reluDt: false },
    { Z: 7, reluDt: true },
  ].flatMap((v) => [
    // Every kernel build this runtime can run, on 1 and 2 threads.
    ...availableKernelVariants().flatMap((variant) =>
      [1, 2].map((threads) => ({
        name: `generatorKernel[${variant}, ${threads}T]`,
        backend,
        op: generatorKernel,
        variant,
        threads,
        ...v,
      })),
    ),
    { name: 'generatorTf', backend, op: generatorTf, variant: null, threads: 1, ...v },
  ]),
)

describe.each(cases)(
  '$name on $backend (Z $Z, reluDt $reluDt)',
  ({ backend, op, Z, reluDt, variant, threads }) => {
    let restore = (): void => {}
    beforeAll(async () => {
      await tf.setBackend(backend)
      if (variant) {
        const [v0, t0] = [kernelVariant().variant, setKernelThreads(1)]
        useKernelVariant(variant)
        setKernelThreads(threads)
        restore = () => (useKernelVariant(v0), setKernelThreads(t0), undefined)
      }
    })
    afterAll(() => restore())
    const outB = randomArray(F, 8, -0.1, 0.1)
    if (reluDt) outB[0] = -0.05
    const w64: G64 = {
      inK: randomArray((Z + F) * H, 1, -0.5, 0.5),
      inB: randomArray(H, 2, 0, 0.3), // positive-ish so few ReLUs sit at the kink
      lk: [randomArray(2 * H * 4 * H, 3, -0.5, 0.5), randomArray(2 * H * 4 * H, 4, -0.5, 0.5)],
      lb: [randomArray(4 * H, 5, -0.2, 0.2), randomArray(4 * H, 6, -0.2, 0.2)],
      outK: randomArray(H * F, 7, -0.5, 0.5),
      outB,
    }
    const z = randomArray(B * T * Z, 9, 0, 1)
    const y0 = randomArray(B * F, 10, 0, 1)
    const R = randomArray(B * T * F, 11)
    const masks = Array.from({ length: L }, (_, l) => dropoutMask(T * B * H, 0.5, 20 + l))

    it.each([0, 2])(
      'gradients (weights, y0, primer) match float64 central differences, primer length %i',
      (P) => {
        const primer = P ? randomArray(B * P * F, 12, 0, 1) : null
        const loss64 = (): number =>
          generator64(w64, z, y0, primer, P, masks, B, T, F, H, Z, reluDt).reduce(
            (s, v, i) => s + v * R[i],
            0,
          )
        const n0 = tf.memory().numTensors
        const f32 = (a: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(a), shape)
        const params = [
          f32(w64.inK, [Z + F, H]),
          f32(w64.inB, [H]),
          f32(w64.lk[0], [2 * H, 4 * H]),
          f32(w64.lb[0], [4 * H]),
          f32(w64.lk[1], [2 * H, 4 * H]),
          f32(w64.lb[1], [4 * H]),
          f32(w64.outK, [H, F]),
          f32(w64.outB, [F]),
          f32(y0, [B, F]),
          ...(primer ? [f32(primer, [B, P, F])] : []),
        ]
        const zt = f32(z, [B, T, Z]) as tf.Tensor3D
        const Rt = f32(R, [B, T, F])
        const grads = tf.grads((...p: tf.Tensor[]) => {
          const y = op(
            {
              inKernel: p[0] as tf.Tensor2D,
              inBias: p[1] as tf.Tensor1D,
              lstm: [
                { kernel: p[2] as tf.Tensor2D, bias: p[3] as tf.Tensor1D },
                { kernel: p[4] as tf.Tensor2D, bias: p[5] as tf.Tensor1D },
              ],
              outKernel: p[6] as tf.Tensor2D,
              outBias: p[7] as tf.Tensor1D,
            },
            zt,
            p[8] as tf.Tensor2D,
            (p[9] as tf.Tensor3D) ?? null,
            masks,
            reluDt,
          )
          return tf.sum(tf.mul(y, Rt))
        })(params)
        const at = [
          w64.inK,
          w64.inB,
          w64.lk[0],
          w64.lb[0],
          w64.lk[1],
          w64.lb[1],
          w64.outK,
          w64.outB,
          y0,
          ...(primer ? [primer] : []),
        ]
        let checked = 0
        grads.forEach((g, k) => {
          const a = g.dataSync()
          for (let i = 0; i < at[k].length; i += Math.max(1, Math.floor(at[k].length / 12))) {
            expect(relErr(a[i], numericGrad(loss64, at[k], i)), `param ${k} index ${i}`).toBeLessThan(3e-3)
            checked++
          }
        })
        expect(checked).toBeGreaterThan(80)
        if (reluDt) {
          // The variant is only tested if max(0, ·) really clipped some steps (and passed others).
          const y = generator64(w64, z, y0, primer, P, masks, B, T, F, H, Z, reluDt)
          const dts = Array.from({ length: B * T }, (_, i) => y[i * F])
          expect(dts.filter((v) => v === 0).length).toBeGreaterThan(0)
          expect(dts.filter((v) => v > 0).length).toBeGreaterThan(0)
        }
        tf.dispose([...grads, ...params, zt, Rt])
        expect(tf.memory().numTensors).toBe(n0)
      },
    )
  },
)
