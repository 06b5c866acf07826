// createModel on cpu and wasm: parameter counts, implementation agreement, determinism, leaks, validation.
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createModel, defaultSpec, parameterCount, stopGradient } from './index'
import type { CrnnGan, ModelImpl } from './index'
import { lstmSeqKernelStats } from '../ops/wasm/lstmSeqKernel'

const spec = defaultSpec(1, { hidden: 8 })
const [B, T, F] = [3, 6, spec.features]
// The studio deviations: wider noise, dt through max(0, ·), D's music view, separate D dropout.
const studio = defaultSpec(1, {
  hidden: 8,
  noiseDim: 7,
  output: 'reluDt',
  dView: 'studioMusic',
  keepProbDInput: 1,
  keepProbD: 0.8,
  outputLattice: 'studio',
})
const rand = (shape: number[], seed: number, scale = 1): tf.Tensor =>
  tf.tidy(() => tf.mul(tf.randomUniform(shape, 0, 1, 'float32', seed), scale))

/** Max |a - b| over two tensors (read synchronously, tidy). */
const maxDiff = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])

describe('parameter counts (spec §3.4)', () => {
  it('match the paper sizes for K = 1 and K = 3', () => {
    expect(parameterCount(defaultSpec(1))).toEqual({ g: 1_967_354, d: 2_957_501 })
    expect(parameterCount(defaultSpec(3))).toEqual({ g: 1_973_660, d: 2_974_301 })
  })
})

describe.each(['cpu', 'wasm'])('model on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend)
  })

  /**
   * One objective touching every output, shaped like a simultaneous step: D(real), D(detached fake) for L_D, and a
   * frozen D pass over the fake with the same seed (which may reuse the previous pass's activations) for FM.
   */
  const objective = (m: CrnnGan, z: tf.Tensor3D, y0: tf.Tensor2D, real: tf.Tensor3D): tf.Scalar => {
    const fake = m.generate(z, y0, { dropout: true, seed: 5 })
    const dr = m.discriminate(real, { dropout: true, seed: 6 })
    const dfD = m.discriminate(stopGradient(fake), { dropout: true, seed: 7 })
    const df = m.discriminate(fake, { dropout: true, seed: 7, frozen: true })
    expect(maxDiff(dfD.features, df.features)).toBe(0)
    const tf1 = m.generateTeacherForced(z, real, y0, { dropout: true, seed: 8 })
    return tf.addN([
      tf.mean(tf.log(dr.prob)),
      tf.mean(tf.log(tf.sub(1, dfD.prob))),
      tf.mul(0.5, tf.sum(df.logits)),
      tf.sum(tf.square(tf.sub(dr.features, df.features))),
      tf.mul(0.01, tf.sum(tf.square(tf.sub(tf1, real)))),
      tf.mul(0.1, tf.sum(dr.logits)),
      m.regLoss(),
    ]) as tf.Scalar
  }

  it.each([
    ['kernel', 'paper', spec],
    ['tfjs', 'paper', spec],
    ['kernel', 'studio', studio],
    ['tfjs', 'studio', studio],
  ] as [ModelImpl, string, typeof spec][])(
    '%s and reference implementations agree on outputs and every gradient (%s spec)',
    (impl, _name, sp) => {
      const ref = createModel(sp, { seed: 11, impl: 'reference' })
      const ker = createModel(sp, { seed: 11, impl })
      const z = rand([B, T, sp.noiseDim ?? F], 1) as tf.Tensor3D
      const y0 = rand([B, F], 2) as tf.Tensor2D
      const real = rand([B, T, F], 3, 2) as tf.Tensor3D
      const n0 = tf.memory().numTensors
      const run = (m: CrnnGan) => tf.variableGrads(() => objective(m, z, y0, real), [...m.gVars, ...m.dVars])
      const a = run(ref)
      const reused = lstmSeqKernelStats.reused
      const b = run(ker)
      // The kernel's frozen pass reuses all 2·layersD layer forwards of the pass before it.
      expect(lstmSeqKernelStats.reused - reused).toBe(impl === 'kernel' ? 2 * sp.layersD : 0)
      expect(Math.abs(a.value.dataSync()[0] - b.value.dataSync()[0])).toBeLessThan(
        1e-3 * Math.abs(a.value.dataSync()[0]),
      )
      const ga = [...ref.gVars, ...ref.dVars].map((v) => a.grads[v.name])
      const gb = [...ker.gVars, ...ker.dVars].map((v) => b.grads[v.name])
      ga.forEach((g, i) => {
        const scale = tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0])
        expect(maxDiff(g, gb[i]) / (scale + 1e-6)).toBeLessThan(2e-4)
      })
      tf.dispose([a.value, b.value, ...ga, ...gb])
      expect(tf.memory().numTensors).toBe(n0)
      tf.dispose([z, y0, real])
      ref.dispose()
      ker.dispose()
    },
  )

  it.each(['reference', 'kernel', 'tfjs'] as ModelImpl[])('%s: shapes, determinism, no leaks', (impl) => {
    const n0 = tf.memory().numTensors
    const m = createModel(spec, { seed: 1, impl })
    const z = rand([B, T, F], 1) as tf.Tensor3D
    const y0 = rand([B, F], 2) as tf.Tensor2D
    const n1 = tf.memory().numTensors
    const y1 = m.generate(z, y0, { dropout: true, seed: 3 })
    const y2 = m.generate(z, y0, { dropout: true, seed: 3 })
    const y3 = m.generate(z, y0, { dropout: true, seed: 4 })
    const s1 = m.generate(z, y0, { dropout: false, seed: 1 })
    const s2 = m.generate(z, y0, { dropout: false, seed: 2 })
    expect(y1.shape).toEqual([B, T, F])
    expect(maxDiff(y1, y2)).toBe(0)
    expect(maxDiff(y1, y3)).toBeGreaterThan(0)
    expect(maxDiff(s1, s2)).toBe(0) // dropout off: the seed does not matter
    const d = m.discriminate(y1, { dropout: true, seed: 9 })
    expect(d.prob.shape).toEqual([B])
    expect(d.logits.shape).toEqual([B, T])
    expect(d.features.shape).toEqual([B, T, 2 * spec.hidden])
    const p = d.prob.dataSync()
    for (const v of p) expect(v > 0 && v < 1).toBe(true)
    const primer = rand([B, 2, F], 5) as tf.Tensor3D
    const c = m.generate(z, y0, { dropout: false, seed: 1, primer })
    const full = tf.tidy(() =>
      m.generateTeacherForced(z, tf.concat([primer, tf.zeros([B, T - 2, F])], 1) as tf.Tensor3D, y0, {
        dropout: false,
        seed: 1,
      }),
    )
    // The first P+1 outputs only see y0 and the primer, so teacher forcing with the same prefix agrees there.
    const head = (x: tf.Tensor): tf.Tensor => tf.slice(x, [0, 0, 0], [B, 3, F])
    expect(tf.tidy(() => maxDiff(head(c), head(full)))).toBeLessThan(1e-5)
    expect(
      tf.tidy(() => maxDiff(tf.slice(c, [0, 3, 0], [B, 1, F]), tf.slice(full, [0, 3, 0], [B, 1, F]))),
    ).toBeGreaterThan(0)
    tf.dispose([y1, y2, y3, s1, s2, d.prob, d.logits, d.features, primer, c, full])
    expect(tf.memory().numTensors).toBe(n1)
    const other = createModel(spec, { seed: 1, impl })
    const w = m.getWeights()
    expect(Object.keys(w)).toHaveLength(m.gVars.length + m.dVars.length)
    const o2 = createModel(spec, { seed: 2, impl })
    expect(o2.getWeights()['g/in/kernel'].data).not.toEqual(w['g/in/kernel'].data)
    expect(other.getWeights()['g/in/kernel'].data).toEqual(w['g/in/kernel'].data)
    const gen = (x: CrnnGan): tf.Tensor => x.generate(z, y0, { dropout: false, seed: 1 })
    const before = gen(o2) // fills the kernel's pinned packed-weight cache with o2's initial weights
    o2.setWeights(w)
    expect(o2.getWeights()['d/bw/lstm1/kernel'].data).toEqual(w['d/bw/lstm1/kernel'].data)
    const [after, want] = [gen(o2), gen(m)]
    expect(maxDiff(after, want)).toBe(0) // new weights are used, not the cached packing
    expect(maxDiff(before, want)).toBeGreaterThan(0)
    tf.dispose([before, after, want])
    ;[m, other, o2].forEach((x) => x.dispose())
    tf.dispose([z, y0])
    expect(tf.memory().numTensors).toBe(n0)
  })
})

describe('input validation', () => {
  it('names the argument and shapes', () => {
    const m = createModel(spec, { seed: 1, impl: 'reference' })
    const z = tf.zeros([2, 3, 5]) as tf.Tensor3D
    const y0 = tf.zeros([2, 4]) as tf.Tensor2D
    expect(() => m.generate(z, y0, { dropout: false, seed: 1 })).toThrow(
      /generate: z must have shape \[\?, \?, 4\], got \[2, 3, 5\]/,
    )
    expect(() => m.setWeights({})).toThrow(/missing weight 'g\/in\/kernel'/)
    expect(() => createModel({ ...spec, features: 5 }, { seed: 1 })).toThrow(
      /features must be 3·tonesPerCell\+1 = 4, got 5/,
    )
    tf.dispose([z, y0])
    m.dispose()
    expect(() => m.regLoss()).toThrow(/disposed/)
  })
})
