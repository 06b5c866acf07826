// Public entry of the C-RNN-GAN model: types, spec helpers, createModel.
export type {
  CreateModelOptions,
  CrnnGan,
  DiscriminateOptions,
  DiscriminatorOutput,
  GenerateOptions,
  ModelSpec,
  PassOptions,
  TeacherForcedOptions,
  WeightMap,
} from './types'
export { defaultSpec, validateSpec, variableShapes } from './spec'
export { createModel, parameterCount, type CreateModelExtra } from './createModel'
export type { ModelImpl } from './impls'
export { stopGradient } from '../ops/lstmCell'
