// One training step of C-RNN-GAN (crnngan-spec §4.1–§4.3): teacher-forced MSE pretraining, or a simultaneous
// adversarial step where D and G are updated from one forward pass with the same noise and dropout masks.
import * as tf from '@tensorflow/tfjs'
import type { CrnnGan } from '../model/types'
import type { TrainConfig } from '../config/trainConfig'
import { pitchAndVelocityIndices, quantumOf } from './features'
import {
  discriminatorLoss,
  featureMatchingLoss,
  generatorLoss,
  meanFeatureMatchingLoss,
  mseLoss,
} from './losses'
import type { NetOptimizer } from './optim'
import { Rng, STREAM, deriveSeed, uniformArray } from './seeds'
import { noiseDimOf } from '../model/types'
import { studioLattice } from '../model/musicView'
import { featureCount } from '../../common/crnngan/cells'

/** Scalar losses of one step (reg included, as the original reports them); kept tensors the caller disposes. */
export interface StepLosses {
  /** L_D + reg (NaN-free scalar tensor in pretraining: 0). */
  readonly d: tf.Scalar
  /** Standard non-saturating L_G + reg. */
  readonly g: tf.Scalar
  /** Feature-matching L_G + reg (NaN when feature matching is off or G was frozen this step). */
  readonly fm: tf.Scalar
  /** Teacher-forced MSE + reg (pretraining only, else 0). */
  readonly mse: tf.Scalar
}

/** Inputs of a step: real batch [B, T, F], noise z [B, T, Z], y0 [B, F], and the dropout seeds. */
export interface StepInputs {
  readonly real: tf.Tensor3D
  /** What D sees as real (dequantised; default `real`). */
  readonly realForD?: tf.Tensor3D
  /** Seed of the instance noise on D's inputs (used when `adversarial.instanceNoise` > 0). */
  readonly seedNoiseD?: number
  readonly z: tf.Tensor3D
  readonly y0: tf.Tensor2D
  readonly seedG: number
  readonly seedDReal: number
  readonly seedDFake: number
}

/**
 * A tensor sharing `t`'s data but unknown to the gradient tape: a stop-gradient that costs no backward work
 * (tfjs has no tf.stopGradient; a customGrad returning zeros would still run G's whole backward pass on zeros).
 */
export function detach<T extends tf.Tensor>(t: T): T {
  const engine = tf.engine()
  const out = engine.makeTensorFromDataId(t.dataId, t.shape, t.dtype) as T
  // makeTensorFromDataId does not take a backend reference; without this, disposing both would double-free.
  engine.backend.incRef(t.dataId)
  return out
}

/** The shared reg term, scaled from the model's 0.05·Σw² (scale 0.1) to the config's l2Scale; 0 when L2 is off. */
function reg(model: CrnnGan, config: TrainConfig): tf.Scalar {
  if (!config.optim.l2 || config.optim.l2Scale === 0) return tf.scalar(0)
  const r = model.regLoss()
  return config.optim.l2Scale === 0.1 ? r : (tf.mul(r, config.optim.l2Scale / 0.1) as tf.Scalar)
}

/** Splits a variableGrads map into one map per network. */
function split(grads: tf.NamedTensorMap, vars: readonly tf.Variable[]): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {}
  for (const v of vars) if (grads[v.name]) out[v.name] = grads[v.name]
  return out
}

/**
 * Teacher-forced MSE step on G only (spec §4.1), from zero LSTM state unless `schedule.pretrainCarryState` asks for
 * the author's carried-over state. When `opt` is null the losses are computed without an update (validation).
 * Returns kept scalar tensors.
 */
export function pretrainStep(
  model: CrnnGan,
  config: TrainConfig,
  inp: StepInputs,
  opt: NetOptimizer | null,
): StepLosses {
  const loss = (): tf.Scalar => {
    const pred = model.generateTeacherForced(inp.z, inp.real, inp.y0, {
      dropout: true,
      seed: inp.seedG,
      carryFreeRunningState: config.schedule.pretrainCarryState,
    })
    return tf.add(mseLoss(pred, inp.real), reg(model, config)) as tf.Scalar
  }
  let mse: tf.Scalar
  if (opt) {
    const { value, grads } = tf.variableGrads(loss, model.gVars)
    opt.apply(grads, config.optim.clipNorm)
    mse = value
  } else {
    mse = tf.tidy(loss)
  }
  const zero = tf.scalar(0)
  return { d: zero, g: zero.clone(), fm: zero.clone(), mse }
}

/**
 * Simultaneous adversarial step (spec §4.2–§4.3). One G forward; D sees real and a detached copy of the fake for
 * L_D; a frozen D pass over the (attached) fake gives G's loss. The reg term is added once to the objective so each
 * network's gradient gets it once, but it is included in every reported loss. Frozen networks are not updated.
 */
export function adversarialStep(
  model: CrnnGan,
  config: TrainConfig,
  inp: StepInputs,
  opts: { readonly d: NetOptimizer | null; readonly g: NetOptimizer | null },
): StepLosses {
  const { featureMatching, logEpsilon: eps, realLabel, fmMode, nsWeight, instanceNoise } = config.adversarial
  const updateD = opts.d !== null
  const updateG = opts.g !== null
  const side: { d?: tf.Scalar; g?: tf.Scalar; fm?: tf.Scalar } = {}
  const [B, T, F] = inp.real.shape
  // Instance noise: the same draw for the fake in the L_D pass and in G's frozen pass (so the frozen pass can reuse
  // the L_D pass's activations); real and fake get independent draws.
  const noisy = instanceNoise > 0
  const noiseSeed = inp.seedNoiseD ?? 0
  const drawNoise = (k: number): tf.Tensor3D =>
    tf.randomNormal([B, T, F], 0, instanceNoise, 'float32', deriveSeed(noiseSeed, k) % 2147483647)
  const objective = (): tf.Scalar => {
    const fake = model.generate(inp.z, inp.y0, { dropout: true, seed: inp.seedG })
    // On the studio lattice D compares like with like: real cells snapped exactly as G's output is.
    const realRaw = inp.realForD ?? inp.real
    const realIn0 =
      model.spec.outputLattice === 'studio' ? studioLattice(realRaw, model.spec.tonesPerCell) : realRaw
    const realIn = noisy ? (tf.add(realIn0, drawNoise(1)) as tf.Tensor3D) : realIn0
    const fakeNoise = noisy ? drawNoise(2) : null
    const fakeIn = fakeNoise ? (tf.add(fake, fakeNoise) as tf.Tensor3D) : fake
    // D over real, over the fake as a constant (L_D), and over the fake through D's frozen weights (G's loss; same
    // seed, so the same masks and outputs): one fused pass on the kernel implementation.
    const dOut = model.discriminateStep(realIn, fakeIn, {
      dropout: true,
      seedReal: inp.seedDReal,
      seedFake: inp.seedDFake,
      frozenD: !updateD,
      withG: updateG,
    })
    const [dReal, dFake] = [dOut.real, dOut.fake]
    const r = reg(model, config)
    const lD = discriminatorLoss(dReal.prob, dFake.prob, eps, realLabel)
    const lG = generatorLoss(dFake.prob, eps)
    let gObjective: tf.Scalar | null = null
    let fm: tf.Scalar = tf.scalar(0)
    if (updateG) {
      const dFakeG = dOut.fakeG!
      const fmOf = fmMode === 'mean' ? meanFeatureMatchingLoss : featureMatchingLoss
      fm = featureMatching ? fmOf(detach(dReal.features), dFakeG.features) : fm
      gObjective = featureMatching ? fm : generatorLoss(dFakeG.prob, eps)
      // Studio: the adversarial term next to feature matching gives G a direct "look real" gradient.
      if (featureMatching && nsWeight > 0)
        gObjective = tf.add(gObjective, tf.mul(nsWeight, generatorLoss(dFakeG.prob, eps))) as tf.Scalar
    }
    side.d = tf.keep(tf.add(lD, r) as tf.Scalar)
    side.g = tf.keep(tf.add(lG, r) as tf.Scalar)
    side.fm = tf.keep(featureMatching && updateG ? (tf.add(fm, r) as tf.Scalar) : tf.scalar(NaN))
    let total: tf.Scalar = r
    if (updateD) total = tf.add(total, lD) as tf.Scalar
    if (updateG && gObjective) total = tf.add(total, gObjective) as tf.Scalar
    return total
  }
  const vars = [...(updateD ? model.dVars : []), ...(updateG ? model.gVars : [])]
  if (vars.length > 0) {
    const { value, grads } = tf.variableGrads(objective, vars)
    value.dispose()
    // Both gradients come from the same forward pass and are applied together: a simultaneous update.
    if (opts.d) opts.d.apply(split(grads, model.dVars), config.optim.clipNorm)
    if (opts.g) opts.g.apply(split(grads, model.gVars), config.optim.clipNorm)
  } else {
    tf.tidy(objective).dispose()
  }
  return { d: side.d!, g: side.g!, fm: side.fm!, mse: tf.scalar(0) }
}

/**
 * Runs training batch `step` of `epoch`: noise z, y0 and dropout seeds come from the run seed's streams for
 * (epoch, step), so a resumed run redraws them exactly. `batch` is [B, length, F] model-space cells. A null
 * optimizer means that network is frozen (in pretraining only G trains). Returns [L_D, L_G, L_G(FM), MSE], read
 * with one sync (the freezing rule needs them before the next batch).
 */
export async function runBatch(
  model: CrnnGan,
  config: TrainConfig,
  o: {
    readonly batch: Float32Array
    readonly length: number
    readonly epoch: number
    readonly step: number
    readonly phase: 'pretrain' | 'adversarial'
    readonly optG: NetOptimizer | null
    readonly optD: NetOptimizer | null
  },
): Promise<number[]> {
  const B = config.data.batchSize
  const T = o.length
  const F = model.spec.features
  const Z = noiseDimOf(model.spec)
  const s = deriveSeed(config.seed, STREAM.noise, o.epoch, o.step)
  const real = tf.tensor3d(o.batch, [B, T, F])
  const z = tf.tensor3d(uniformArray(s, B * T * Z, model.spec.noiseScale), [B, T, Z])
  const y0 = tf.tensor2d(uniformArray(deriveSeed(s, 1), B * F), [B, F])
  const d = deriveSeed(config.seed, STREAM.dropout, o.epoch, o.step)
  const dq = config.adversarial.dequantize && o.phase === 'adversarial'
  const realForD = dq
    ? tf.tensor3d(
        dequantized(o.batch, F, config, deriveSeed(config.seed, STREAM.dequantize, o.epoch, o.step)),
        [B, T, F],
      )
    : undefined
  const inp = {
    real,
    realForD,
    z,
    y0,
    seedG: d,
    seedDReal: deriveSeed(d, 1),
    seedDFake: deriveSeed(d, 2),
    seedNoiseD: deriveSeed(config.seed, STREAM.instanceNoise, o.epoch, o.step),
  }
  const l =
    o.phase === 'pretrain'
      ? pretrainStep(model, config, inp, o.optG)
      : adversarialStep(model, config, inp, { d: o.optD, g: o.optG })
  const packed = tf.stack([l.d, l.g, l.fm, l.mse])
  tf.dispose([real, z, y0, l.d, l.g, l.fm, l.mse, ...(realForD ? [realForD] : [])])
  const values = Array.from(await packed.data())
  packed.dispose()
  return values
}

/**
 * A copy of model-space cells with each pitch moved by U(−½, ½) semitone and each velocity by U(−½, ½) step
 * (`adversarial.dequantize`). Tones that are absent (velocity at or below the space's zero) are left alone.
 * @throws Error for the raw feature space, whose Hz pitch has no linear semitone step.
 */
export function dequantized(batch: Float32Array, F: number, config: TrainConfig, seed: number): Float32Array {
  const q = quantumOf(config.model.features)
  if (!q) throw new Error("adversarial.dequantize needs model.features 'normalized' or 'studio', not 'raw'")
  // Roles come from the raw layout (3K + 1); rows are F wide (model space may append the fifths circle).
  const { pitch, velocity } = pitchAndVelocityIndices(featureCount(config.model.tonesPerCell))
  const rng = new Rng(seed)
  const out = batch.slice()
  const silent = -1 + q.velocity / 2
  for (let r = 0; r < out.length; r += F)
    for (let j = 0; j < pitch.length; j++) {
      if (out[r + velocity[j]] <= silent) continue
      out[r + pitch[j]] += (rng.uniform() - 0.5) * q.pitch
      out[r + velocity[j]] += (rng.uniform() - 0.5) * q.velocity
    }
  return out
}
