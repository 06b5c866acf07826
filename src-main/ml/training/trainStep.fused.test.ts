// adversarialStep's D passes run as one fused kernel op (model.discriminateStep). With every studio deviation on —
// D's music view (wider input, gradient factor), the output lattice on G and on the reals D sees, separate D
// dropout keeps (input dropout at the view's width), mean feature matching plus the non-saturating term, instance
// noise, dequantised reals, wider noise, dt through max(0, ·), Adam β1, in both studio spaces — the step's losses
// and both networks' gradients must equal those of the three separate passes (D(real), D(detached fake), frozen
// D(fake)) it replaced, on the kernel and against the autodiff reference.
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import { toModelSpec } from '../config/modelSpec'
import { createModel, type ModelImpl } from '../model/index'
import { dInputWidth, noiseDimOf, type CrnnGan } from '../model/types'
import { discriminatorKernelStats } from '../ops/wasm/discriminatorKernel'
import { NetOptimizer } from './optim'
import { Rng } from './seeds'
import { adversarialStep, dequantized, detach, type StepInputs } from './trainStep'

const configOf = (features: 'studio' | 'studioFifths') =>
  makeConfig('studio', {
    // The studio preset no longer turns D's music view on (README "The studio preset"), but the fused op must
    // still carry it for configs that do, so the view is switched on here.
    model: {
      hidden: 8,
      noiseDim: 5,
      features,
      keepProbDInput: 0.9,
      dView: 'studioMusic',
      dViewGrad: 0.5,
      outputLattice: 'studio',
    },
    data: { batchSize: 3 },
    adversarial: { instanceNoise: 0.05, dequantize: true },
  })
type Config = ReturnType<typeof configOf>
const [B, T] = [3, 5]

/** Records the gradients it is given (before clipping) instead of applying them. */
class Capture extends NetOptimizer {
  grads: Record<string, Float32Array> = {}
  override apply(grads: tf.NamedTensorMap): void {
    for (const [k, g] of Object.entries(grads)) this.grads[k.split('#')[0]] = Float32Array.from(g.dataSync())
    tf.dispose(grads)
  }
}

/** The model with discriminateStep done the way adversarialStep did it before the fused op: three passes. */
function separatePasses(m: CrnnGan): CrnnGan {
  return {
    ...m,
    discriminateStep: (real, fake, o) => {
      const fakeDetached = detach(fake)
      const out = {
        real: m.discriminate(real, { dropout: o.dropout, seed: o.seedReal, frozen: o.frozenD }),
        fake: m.discriminate(fakeDetached, { dropout: o.dropout, seed: o.seedFake, frozen: o.frozenD }),
        fakeG: o.withG ? m.discriminate(fake, { dropout: o.dropout, seed: o.seedFake, frozen: true }) : null,
      }
      fakeDetached.dispose()
      return out
    },
  }
}

function inputs(config: Config): StepInputs {
  const spec = toModelSpec(config)
  const F = spec.features
  const rng = new Rng(3)
  // Studio cells: dt code ≥ 0, length code, pitch (MIDI − 60)/12, velocity in (−1, 1); then (studioFifths) the
  // circle point, here anywhere in the square (the lattice puts it on the circle).
  const cell = (f: number): number =>
    f < 4
      ? [rng.uniform(), rng.uniform(), rng.uniform() * 2 - 1, rng.uniform() * 1.6 - 0.8][f]
      : rng.uniform() * 2 - 1
  const cells = Float32Array.from({ length: B * T * F }, (_, i) => cell(i % F))
  const Z = noiseDimOf(spec)
  return {
    real: tf.tensor3d(cells, [B, T, F]),
    realForD: tf.tensor3d(dequantized(cells, F, config, 5), [B, T, F]),
    seedNoiseD: 6,
    z: tf.tensor3d(Float32Array.from({ length: B * T * Z }, rng.uniform), [B, T, Z]),
    y0: tf.tensor2d(Float32Array.from({ length: B * F }, rng.uniform), [B, F]),
    seedG: 21,
    seedDReal: 22,
    seedDFake: 23,
  }
}

/** One step's reported losses and both networks' gradients, nothing applied. */
function step(m: CrnnGan, config: Config, inp: StepInputs, update: { d: boolean; g: boolean }) {
  const b1 = config.optim.beta1
  const [d, g] = [new Capture('adam', config.optim.lrD, b1), new Capture('adam', config.optim.lrG, b1)]
  const l = adversarialStep(m, config, inp, { d: update.d ? d : null, g: update.g ? g : null })
  const losses = [l.d, l.g, l.fm].map((t) => t.dataSync()[0])
  tf.dispose([l.d, l.g, l.fm, l.mse])
  ;[d, g].forEach((o) => o.dispose())
  return { losses, grads: { ...d.grads, ...g.grads } }
}

function expectSame(a: ReturnType<typeof step>, b: ReturnType<typeof step>, tol: number): void {
  a.losses.forEach((x, i) => {
    if (Number.isNaN(x)) expect(b.losses[i]).toBeNaN()
    else expect(Math.abs(x - b.losses[i]), `loss ${i}`).toBeLessThan(1e-5 * (1 + Math.abs(x)))
  })
  expect(Object.keys(b.grads).sort()).toEqual(Object.keys(a.grads).sort())
  for (const [k, ga] of Object.entries(a.grads)) {
    const gb = b.grads[k]
    const scale = ga.reduce((s, v) => Math.max(s, Math.abs(v)), 0)
    const diff = ga.reduce((s, v, i) => Math.max(s, Math.abs(v - gb[i])), 0)
    expect(diff / (scale + 1e-6), k).toBeLessThan(tol)
  }
}

const cases = ['cpu', 'wasm'].flatMap((backend) =>
  (['studio', 'studioFifths'] as const).map((features) => ({ backend, features })),
)

describe.each(cases)('$features adversarial step on $backend: fused D passes', ({ backend, features }) => {
  const config = configOf(features)
  const spec = toModelSpec(config)
  const F = spec.features
  beforeAll(async () => {
    await tf.setBackend(backend)
  })

  it('the spec under test has every deviation the fused op must carry', () => {
    expect(spec).toMatchObject({ dView: 'studioMusic', dViewGrad: 0.5, outputLattice: 'studio' })
    expect(spec).toMatchObject({ output: 'reluDt', noiseDim: 5, keepProbDInput: 0.9, keepProbD: 0.8 })
    expect(dInputWidth(spec)).toBeGreaterThan(F)
    expect(F).toBe(features === 'studioFifths' ? 6 : 4)
    expect(config.adversarial).toMatchObject({ fmMode: 'mean', nsWeight: 1, dequantize: true })
    expect(config.optim).toMatchObject({ kind: 'adam', beta1: 0.5 })
  })

  it.each([
    { d: true, g: true },
    { d: false, g: true },
    { d: true, g: false },
  ])('update D $d, G $g: equal to the separate passes (kernel) and to the reference', ({ d, g }) => {
    const model = (impl: ModelImpl): CrnnGan => createModel(spec, { seed: 7, impl })
    const [ker, ref] = [model('kernel'), model('reference')]
    const inp = inputs(config)
    const n0 = tf.memory().numTensors
    const passes = discriminatorKernelStats.passes
    const fused = step(ker, config, inp, { d, g })
    expect(discriminatorKernelStats.passes - passes).toBe(1) // one fused op, not three passes
    const separate = step(separatePasses(ker), config, inp, { d, g })
    expect(discriminatorKernelStats.passes - passes).toBe(1)
    const reference = step(ref, config, inp, { d, g })
    expect(tf.memory().numTensors).toBe(n0)
    expect(Object.keys(fused.grads).length).toBe((d ? ker.dVars.length : 0) + (g ? ker.gVars.length : 0))
    // Same kernel, same data: D's weight gradients are summed over the rows in another order, nothing else.
    expectSame(separate, fused, 2e-5)
    expectSame(reference, fused, 2e-4)
    tf.dispose([inp.real, inp.realForD!, inp.z, inp.y0])
    ker.dispose()
    ref.dispose()
  })
})
