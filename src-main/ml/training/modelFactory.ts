// Maps a TrainConfig's model section onto the model engineer's ModelSpec and builds a seeded model.
import type { NamedArray } from '../checkpoints/binary'
import type { TrainConfig } from '../config/trainConfig'
import { createModel } from '../model/index'
import type { CrnnGan, ModelSpec } from '../model/types'
import { arraysToWeights } from './runState'
import { STREAM, deriveSeed } from './seeds'

/** The ModelSpec of a training config (F = 3K + 1; noiseScale = randomInputScale). */
export function toModelSpec(config: TrainConfig): ModelSpec {
  const m = config.model
  return {
    type: 'crnngan',
    version: 1,
    tonesPerCell: m.tonesPerCell,
    features: 3 * m.tonesPerCell + 1,
    hidden: m.hidden,
    layersG: m.layersG,
    layersD: m.layersD,
    keepProb: m.keepProb,
    noiseScale: m.randomInputScale,
    // Paper runs keep the spec minimal, so their saved specs and checkpoints stay as before.
    ...(m.noiseDim !== undefined ? { noiseDim: m.noiseDim } : {}),
    ...(m.output !== 'linear' ? { output: m.output } : {}),
    ...(m.keepProbDInput !== undefined ? { keepProbDInput: m.keepProbDInput } : {}),
    ...(m.keepProbD !== undefined ? { keepProbD: m.keepProbD } : {}),
    ...(m.dView === 'studioMusic' ? { dView: m.dView } : {}),
    ...(m.dView === 'studioMusic' && m.dViewGrad !== 1 ? { dViewGrad: m.dViewGrad } : {}),
  }
}

/** A freshly initialised model, its weights determined by the run seed. */
export function buildModel(config: TrainConfig): CrnnGan {
  return createModel(toModelSpec(config), { seed: deriveSeed(config.seed, STREAM.init) })
}

/** A model of `config` holding saved `weights` (named arrays, as checkpoints store them); the caller disposes it. */
export function modelWithWeights(config: TrainConfig, weights: readonly NamedArray[]): CrnnGan {
  const model = buildModel(config)
  try {
    model.setWeights(arraysToWeights(weights))
  } catch (err) {
    model.dispose() // e.g. weights of another model size: do not leak the fresh variables
    throw err
  }
  return model
}
