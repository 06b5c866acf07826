// Test fixtures: checkpoints of the real 'tiny' model (shapes from its spec) with recognisable values, and a state.
import { makeConfig } from '../../config/presets'
import type { TrainConfig } from '../../config/trainConfig'
import { variableShapes } from '../../model/spec'
import { toModelSpec } from '../../training/modelFactory'
import type { NamedArray } from '../binary'
import type { CheckpointData, TrainState } from '../store'

export const tinyConfig = (): TrainConfig => makeConfig('tiny')

/** Every weight of `config`'s model, filled with small values derived from `x` (x identifies the save). */
export function weightsOf(config: TrainConfig, x: number): NamedArray[] {
  const { g, d } = variableShapes(toModelSpec(config))
  return [...g, ...d].map(([name, shape], k) => {
    const n = shape.reduce((a, b) => a * b, 1)
    return {
      name,
      shape,
      data: Float32Array.from({ length: n }, (_, i) => (((i + k) % 7) - 3) * 0.01 + x * 1e-3),
    }
  })
}

export const stateAt = (epoch: number, validationLoss: number, step = 0): TrainState => ({
  epoch,
  step,
  globalStep: epoch * 10 + step,
  seed: 5,
  songLength: 8,
  prevD: 1.5,
  prevG: NaN,
  lrG: 0.1,
  lrD: 0.05,
  validationLoss,
  bestValidationLoss: validationLoss,
  history: [[0, 1, 2, 3, validationLoss]],
})

/** A checkpoint of the tiny model; `x` is written into the weights and the optimizer slot. */
export function checkpointOf(
  config: TrainConfig,
  epoch: number,
  validationLoss: number,
  x: number,
  step = 0,
): CheckpointData {
  return {
    config,
    state: stateAt(epoch, validationLoss, step),
    weights: weightsOf(config, x),
    optimizer: [{ name: 'g/iter', shape: [], data: Float32Array.from([x]) }],
  }
}
