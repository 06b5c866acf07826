// Gradient checks of both whole-sequence LSTM ops (wasm kernel, tfjs ops) against float64 central differences.
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lstmSeqRef } from '../model/reference'
import { lstmSeq64, numericGrad, randomArray, relErr } from './testing/float64'
import { lstmSeqTf } from './tfjs/lstmSeqTf'
import { lstmSeqKernel } from './wasm/lstmSeqKernel'
import { availableKernelVariants, kernelVariant, setKernelThreads, useKernelVariant } from './wasm/kernel'

const [T, B, I, H] = [5, 3, 4, 6] // H not a multiple of 4: exercises the kernel's tail lanes

const cases = ['cpu', 'wasm'].flatMap((backend) => [
  ...availableKernelVariants().flatMap((variant) =>
    [1, 2].map((threads) => ({
      name: `lstmSeqKernel[${variant}, ${threads}T]`,
      backend,
      op: lstmSeqKernel,
      variant,
      threads,
    })),
  ),
  { name: 'lstmSeqTf', backend, op: lstmSeqTf, variant: null, threads: 1 },
])

describe.each(cases)('$name on $backend', ({ backend, op, variant, threads }) => {
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

  const x64 = randomArray(T * B * I, 1)
  const W64 = randomArray((I + H) * 4 * H, 2, -0.6, 0.6)
  const b64 = randomArray(4 * H, 3, -0.3, 0.3)
  const R = randomArray(T * B * H, 4) // loss L = Σ h·R
  const loss64 = (): number => lstmSeq64(x64, W64, b64, T, B, I, H).reduce((s, v, i) => s + v * R[i], 0)

  it('matches the float64 forward and the autodiff reference', () => {
    const n0 = tf.memory().numTensors
    tf.tidy(() => {
      const x = tf.tensor3d(Float32Array.from(x64), [T, B, I])
      const W = tf.tensor2d(Float32Array.from(W64), [I + H, 4 * H])
      const b = tf.tensor1d(Float32Array.from(b64))
      const got = op(x, W, b, false).dataSync()
      const ref = lstmSeqRef(x, W, b).dataSync()
      const exact = lstmSeq64(x64, W64, b64, T, B, I, H)
      for (let i = 0; i < got.length; i++) {
        expect(Math.abs(got[i] - exact[i])).toBeLessThan(2e-6)
        expect(Math.abs(ref[i] - exact[i])).toBeLessThan(2e-6)
      }
    })
    expect(tf.memory().numTensors).toBe(n0)
  })

  it('hand-written gradients match float64 central differences (x, kernel, bias)', () => {
    const n0 = tf.memory().numTensors
    const x = tf.tensor3d(Float32Array.from(x64), [T, B, I])
    const W = tf.tensor2d(Float32Array.from(W64), [I + H, 4 * H])
    const b = tf.tensor1d(Float32Array.from(b64))
    const Rt = tf.tensor3d(Float32Array.from(R), [T, B, H])
    const n1 = tf.memory().numTensors
    const [gx, gW, gb] = tf.grads((xx, ww, bb) =>
      tf.sum(tf.mul(op(xx as tf.Tensor3D, ww as tf.Tensor2D, bb as tf.Tensor1D, false), Rt)),
    )([x, W, b])
    const checks: [tf.Tensor, Float64Array][] = [
      [gx, x64],
      [gW, W64],
      [gb, b64],
    ]
    for (const [g, at] of checks) {
      const a = g.dataSync()
      for (let i = 0; i < at.length; i += Math.max(1, Math.floor(at.length / 25))) {
        expect(relErr(a[i], numericGrad(loss64, at, i))).toBeLessThan(2e-3)
      }
    }
    tf.dispose([gx, gW, gb])
    expect(tf.memory().numTensors).toBe(n1)
    // Against tfjs autodiff of the reference loop too (independent of the float64 helper).
    const ref = tf.grads((xx, ww, bb) =>
      tf.sum(tf.mul(lstmSeqRef(xx as tf.Tensor3D, ww as tf.Tensor2D, bb as tf.Tensor1D), Rt)),
    )([x, W, b])
    const got = tf.grads((xx, ww, bb) =>
      tf.sum(tf.mul(op(xx as tf.Tensor3D, ww as tf.Tensor2D, bb as tf.Tensor1D, false), Rt)),
    )([x, W, b])
    got.forEach((g, i) => {
      const [a, r] = [g.dataSync(), ref[i].dataSync()]
      for (let j = 0; j < a.length; j++)
        expect(Math.abs(a[j] - r[j])).toBeLessThan(1e-4 * (1 + Math.abs(r[j])))
    })
    tf.dispose([...ref, ...got, x, W, b, Rt])
    expect(tf.memory().numTensors).toBe(n0)
  })

  it('frozen weights get zero gradient; gradients flow to x only', () => {
    const n0 = tf.memory().numTensors
    const [x, W, b] = [
      tf.tensor3d(Float32Array.from(x64), [T, B, I]),
      tf.tensor2d(Float32Array.from(W64), [I + H, 4 * H]),
      tf.tensor1d(Float32Array.from(b64)),
    ].map((t) => {
      const v = tf.variable(t)
      t.dispose()
      return v
    })
    const { value, grads } = tf.variableGrads(
      () =>
        tf.sum(
          op(x as tf.Variable<tf.Rank.R3>, W as tf.Variable<tf.Rank.R2>, b as tf.Variable<tf.Rank.R1>, true),
        ) as tf.Scalar,
      [x, W, b],
    )
    const maxAbs = (t: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(t)).dataSync()[0])
    expect(maxAbs(grads[W.name])).toBe(0)
    expect(maxAbs(grads[b.name])).toBe(0)
    expect(maxAbs(grads[x.name])).toBeGreaterThan(0)
    tf.dispose([value, x, W, b, ...Object.values(grads)])
    expect(tf.memory().numTensors).toBe(n0)
  })
})
