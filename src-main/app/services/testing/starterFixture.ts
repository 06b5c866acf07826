// Test fixture: a tiny shipped model written to disk, and the shipped models' folder variables
// ($CRNNGAN_STARTER_DIR, $CRNNGAN_STARTER_PAPER_DIR) pointed at folders while a test runs (restored afterwards), so
// the shipped-model paths of the app's services can be exercised without a shipped build.
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { SHIPPED_MODELS, type ShippedModelName } from '../../../common/models/shipped'
import { makeConfig } from '../../../ml/config/presets'
import type { TrainConfig } from '../../../ml/config/trainConfig'
import { writeStarter } from '../../../ml/starter/starterFormat'
import { buildModel, toModelSpec } from '../../../ml/training/modelFactory'
import { weightsToArrays } from '../../../ml/training/runState'

/** The model card a tiny fixture model gets unless a test gives its own. */
export const TINY_CARD = `# Model card: test model\n\nA **tiny** untrained model for tests.\n\n| data | licence |\n|---|---|\n| none | — |\n`

/**
 * Writes a 'tiny' (seed 4) model saved after `epoch` (`globalStep` steps) to `dir`, with `card` as its model card
 * (null: none); returns its config.
 */
export async function writeTinyStarter(
  dir: string,
  epoch: number,
  globalStep: number,
  card: string | null = TINY_CARD,
): Promise<TrainConfig> {
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
    ...(card === null ? {} : { card }),
  })
  return config
}

/** A folder that holds no model: pointing a model's variable there hides it. */
export const NO_MODEL_DIR = join(tmpdir(), 'crnngan-no-shipped-model')

/**
 * Points each given shipped model's variable at its folder (null: hidden, at {@link NO_MODEL_DIR}) and returns a
 * function that restores the previous values (or their absence). Models not given keep their variables.
 */
export function pointShippedModels(dirs: Partial<Record<ShippedModelName, string | null>>): () => void {
  const saved = new Map<string, string | undefined>()
  for (const m of SHIPPED_MODELS) {
    if (!(m.name in dirs)) continue
    saved.set(m.envVar, process.env[m.envVar])
    process.env[m.envVar] = dirs[m.name] ?? NO_MODEL_DIR
  }
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

/** Runs `body` with the shipped models' variables set as {@link pointShippedModels} does, restored afterwards. */
export async function withShippedModels<T>(
  dirs: Partial<Record<ShippedModelName, string | null>>,
  body: () => Promise<T>,
): Promise<T> {
  const restore = pointShippedModels(dirs)
  try {
    return await body()
  } finally {
    restore()
  }
}

/** Runs `body` with CRNNGAN_STARTER_DIR = `dir` (the default model), restoring it afterwards. */
export function withStarterDir<T>(dir: string, body: () => Promise<T>): Promise<T> {
  return withShippedModels({ starter: dir }, body)
}
