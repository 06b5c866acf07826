// Where one adversarial step's time goes (README "Speed"): kernel calls on the main thread by kind, D's two-thread
// sections, the dropout masks, the L2 term, clip + update, and the rest (tfjs glue: dataSync, tensor copies,
// losses, slices, the JS loops around the kernel). Wall-clock, so run it on an idle machine, or read proportions.
import * as tf from '@tensorflow/tfjs'
import { selectBackend } from '../backend/selectBackend'
import { createModel, defaultSpec } from '../model/index'
import { dMasks, gMasks } from '../model/params'
import { getKernel, setKernelThreads, type Kernel } from '../ops/wasm/kernel'
import type { KernelExports } from '../ops/wasm/kernelExports'
import { adversarialStep } from './adversarialStep'

const KIND: Record<string, string> = {
  gemm_packed: 'GEMM',
  gemm_shared: 'GEMM',
  lstm_fwd: 'LSTM cell',
  lstm_bwd: 'LSTM cell',
}

/** Milliseconds per category for one step (median-free: one warm step, then the mean of `steps`). */
export async function stepBreakdown(
  o: { T?: number; threads?: number; steps?: number; batch?: number; hidden?: number } = {},
): Promise<{ totalMs: number; parts: Record<string, number>; gflop: number }> {
  const { T = 64, threads = 1, steps = 2, batch = 20, hidden = 350 } = o
  await selectBackend({ prefer: 'wasm' })
  const K = getKernel() as Kernel
  const before = setKernelThreads(threads)
  const spec = defaultSpec(1, { hidden })
  const model = createModel(spec, { seed: 1 })
  const parts: Record<string, number> = {}
  const add = (k: string, ms: number): void => void (parts[k] = (parts[k] ?? 0) + ms)
  let flop = 0
  // K.k is the loader's trap-guarded table: the timing wrappers go around it, so a trap while measuring still marks
  // the kernel broken (and the finally below puts the guarded table back).
  const raw = K.k
  const wrapped = Object.fromEntries(
    Object.entries(raw).map(([name, f]) => {
      if (typeof f !== 'function') return [name, f]
      const kind = KIND[name] ?? 'other kernel calls (masks, copies, packing, bias, transposes)'
      return [
        name,
        (...a: number[]) => {
          const t0 = performance.now()
          ;(f as (...x: number[]) => void)(...a)
          add(kind, performance.now() - t0)
          if (name === 'gemm_packed') flop += 2 * a[0] * a[1] * a[2]
        },
      ]
    }),
  ) as unknown as KernelExports
  const runParallel = K.runParallel.bind(K)
  const real = tf.tidy(() =>
    tf.mul(tf.randomUniform([batch, T, spec.features], 0, 1, 'float32', 7), [400, 400, 1000, 127]),
  ) as tf.Tensor3D
  try {
    adversarialStep(model, real, { seed: 1 }) // warm-up
    ;(K as { k: KernelExports }).k = wrapped
    K.runParallel = (p) => {
      const t0 = performance.now()
      runParallel(p)
      add('D sections on two threads (wall, included above)', performance.now() - t0)
    }
    let total = 0
    for (let s = 0; s < steps; s++) {
      const t0 = performance.now()
      adversarialStep(model, real, { seed: s + 2 })
      total += performance.now() - t0
    }
    ;(K as { k: KernelExports }).k = raw
    K.runParallel = runParallel
    // The same step's other parts, timed on their own.
    const time = (f: () => void): number => {
      const t0 = performance.now()
      for (let s = 0; s < steps; s++) f()
      return performance.now() - t0
    }
    add(
      'dropout masks (JS)',
      time(() => {
        gMasks(spec, batch, T, true, 1)
        dMasks(spec, batch, T, true, 2)
        dMasks(spec, batch, T, true, 3)
      }),
    )
    add(
      'L2 term over all weights (forward + gradient)',
      time(() => {
        const { value, grads } = tf.variableGrads(() => model.regLoss(), [...model.gVars, ...model.dVars])
        tf.dispose([value, ...Object.values(grads)])
      }),
    )
    add(
      'clip by global norm + SGD update (both networks)',
      time(() =>
        tf.tidy(() => {
          for (const vars of [model.dVars, model.gVars]) {
            const gs = vars.map((v) => tf.onesLike(v))
            const norm = tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g)))))
            const scale = tf.div(5, tf.maximum(norm, 5))
            vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(tf.mul(scale, 0), gs[i]))))
          }
        }),
      ),
    )
    for (const k of Object.keys(parts)) parts[k] /= steps
    const counted = Object.entries(parts)
      .filter(([k]) => !k.startsWith('D sections'))
      .reduce((a, [, v]) => a + v, 0)
    parts['rest: tfjs glue (dataSync, tensors, losses, slices), JS loops'] = total / steps - counted
    return { totalMs: total / steps, parts, gflop: flop / steps / 1e9 }
  } finally {
    ;(K as { k: KernelExports }).k = raw
    K.runParallel = runParallel
    real.dispose()
    model.dispose()
    setKernelThreads(before)
  }
}
