// Maps a TrainConfig's model section onto the model engineer's ModelSpec and builds a seeded model.
import type { NamedArray } from '../checkpoints/binary'
import type { TrainConfig } from '../config/trainConfig'
import { createModel } from '../model/index'
import type { CrnnGan } from '../model/types'
import { toModelSpec } from '../config/modelSpec'

export { toModelSpec }
import { arraysToWeights } from './runState'
import { STREAM, deriveSeed } from './seeds'

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
