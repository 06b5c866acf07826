// Runs saved on disk (from earlier sessions) as RunSummary rows, and the engine's presets as PresetInfo, for
// `train:list` and `train:presets`. Reads only run.json and checkpoint meta.json (never the weights).
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { CheckpointSummary, PresetInfo, RunSummary } from '@common/ipc/training'
import { parseJson } from '@common/json'
import { openIndex } from '../../ml/checkpoints/store'
import { makeConfig, PRESET_INFO, PRESET_NAMES } from '../../ml/config/presets'
import { parseTrainConfig, type TrainConfig } from '../../ml/config/trainConfig'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'

/** A run found on disk. */
export interface DiskRun {
  readonly summary: RunSummary
  readonly runDir: string
  readonly config: TrainConfig
}

/** Every run folder under `runsDir` that has at least one readable checkpoint; unreadable folders are skipped. */
export async function readDiskRuns(runsDir: string): Promise<DiskRun[]> {
  let names: string[]
  try {
    names = (await fs.readdir(runsDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  } catch {
    return []
  }
  const out: DiskRun[] = []
  for (const name of names.sort()) {
    const run = await readRun(join(runsDir, name), name)
    if (run) out.push(run)
  }
  return out
}

/**
 * One run folder as a DiskRun named `runId`; null when it has no readable checkpoint (half-written, foreign).
 * Checkpoints whose folder vanished are left out, and the config comes from the newest one with a readable meta.json.
 */
export async function readRun(runDir: string, runId: string): Promise<DiskRun | null> {
  try {
    const { index } = await openIndex(runDir)
    let config: TrainConfig | null = null
    for (const c of [...index.checkpoints].reverse()) {
      const metaPath = join(runDir, 'checkpoints', c.name, 'meta.json')
      try {
        const meta = parseJson(await fs.readFile(metaPath, 'utf8'), metaPath) as { config?: unknown }
        config = parseTrainConfig(meta.config, metaPath)
        break
      } catch {
        // damaged: an older checkpoint may still describe the run (loading reports the damage)
      }
    }
    const last = index.checkpoints.at(-1)
    if (!last || !config) return null
    const checkpoints: CheckpointSummary[] = index.checkpoints.map((c) => ({
      epoch: c.epoch,
      step: c.step,
      reason: c.reason,
      isBest: c.name === index.best,
      validationLoss: c.validationLoss ?? NaN,
    }))
    const epochs = config.schedule.epochs
    return {
      runDir,
      config,
      summary: {
        runId,
        datasetId: config.datasetId ?? '',
        state: last.epoch >= epochs && last.step === 0 ? 'finished' : 'stopped',
        epochsDone: last.epoch,
        epochs,
        checkpoint: join(runDir, 'checkpoints', last.name),
        preset: config.preset,
        seed: config.seed,
        paused: false,
        checkpoints,
      },
    }
  } catch {
    return null
  }
}

/** Run id of the starter model shipped with the app (ml/starter/starterModel.ts STARTER_RUN_NAME). */
export const STARTER_RUN_ID = 'starter'

/**
 * Whether this build ships a starter model, found the way ml/starter/starterModel.ts looks for it
 * ($CRNNGAN_STARTER_DIR, else <process.resourcesPath>/models/starter, else resources/models/starter above this module).
 * Checked here because importing that module loads TensorFlow.js (its model loader), which main must not pay for
 * unless there is a starter.
 */
export function shipsStarter(): boolean {
  if (process.env.CRNNGAN_STARTER_DIR)
    return existsSync(join(process.env.CRNNGAN_STARTER_DIR, 'manifest.json'))
  // Packaged app: extraResources put it at <resourcesPath>/models/starter (on macOS inside Contents/Resources, which
  // the walk below cannot find on a case-sensitive disk).
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  if (packaged && existsSync(join(packaged, 'models', 'starter', 'manifest.json'))) return true
  let dir = import.meta.dirname
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources', 'models', 'starter', 'manifest.json'))) return true
    dir = dirname(dir)
  }
  return false
}

/**
 * The starter model as a finished, read-only run named 'starter' (materialised once under `cacheDir`); null when
 * this build has none or it cannot be read.
 */
export async function starterRun(cacheDir: string): Promise<DiskRun | null> {
  if (!shipsStarter()) return null
  try {
    const { starterRunDir } = await import('../../ml/starter/starterModel')
    const run = await readRun(await starterRunDir({ cacheDir }), STARTER_RUN_ID)
    if (!run) return null
    const { epochsDone } = run.summary
    return { ...run, summary: { ...run.summary, datasetId: '', state: 'finished', epochs: epochsDone } }
  } catch {
    return null // a damaged starter must not break the run list; sampling it reports the details
  }
}

/** The presets' defaults, in PRESET_NAMES order. */
export function presetInfos(): PresetInfo[] {
  return PRESET_NAMES.map((name) => {
    const c = makeConfig(name)
    return {
      name,
      label: PRESET_INFO[name].label,
      description: PRESET_INFO[name].description,
      validationFraction: c.data.validationFraction,
      windows: c.data.windows,
      shortSongs: c.data.shortSongs,
      epochs: c.schedule.epochs,
      pretrainEpochs: c.schedule.pretrainEpochs,
      hidden: c.model.hidden,
      tonesPerCell: c.model.tonesPerCell,
      batchSize: c.data.batchSize,
      maxLength: c.data.maxLength,
      optimizer: c.optim.kind,
      lrG: c.optim.lrG,
      lrD: c.optim.lrD,
      freezing: c.adversarial.freezing,
      seed: c.seed,
    }
  })
}
