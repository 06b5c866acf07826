// Test fixture: a tiny starter model written to disk, and CRNNGAN_STARTER_DIR pointed at a folder while a test runs
// (restored afterwards), so the starter-model paths of the app's services can be exercised without a shipped build.
import { makeConfig } from '../../../ml/config/presets'
import type { TrainConfig } from '../../../ml/config/trainConfig'
import { writeStarter } from '../../../ml/starter/starterFormat'
import { buildModel, toModelSpec } from '../../../ml/training/modelFactory'
import { weightsToArrays } from '../../../ml/training/runState'

/** Writes a 'tiny' (seed 4) starter model saved after `epoch` (`globalStep` steps) to `dir`; returns its config. */
export async function writeTinyStarter(dir: string, epoch: number, globalStep: number): Promise<TrainConfig> {
  const config = makeConfig('tiny', { seed: 4 })
  const model = buildModel(config)
  const weights = weightsToArrays(model.getWeights())
  model.dispose()
  await writeStarter(dir, {
    name: 'test starter',
    createdAt: new Date(0).toISOString(),
    epoch,
    globalStep,
    sourceCheckpoint: `e${String(epoch).padStart(4, '0')}-s00000`,
    validationLoss: null,
    config,
    spec: toModelSpec(config),
    weights,
  })
  return config
}

/** Runs `body` with CRNNGAN_STARTER_DIR = `dir`, restoring the previous value (or its absence) afterwards. */
export async function withStarterDir<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env.CRNNGAN_STARTER_DIR
  process.env.CRNNGAN_STARTER_DIR = dir
  try {
    return await body()
  } finally {
    if (saved === undefined) delete process.env.CRNNGAN_STARTER_DIR
    else process.env.CRNNGAN_STARTER_DIR = saved
  }
}
