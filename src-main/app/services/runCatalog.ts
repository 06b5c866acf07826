// Runs saved on disk (from earlier sessions) as RunSummary rows, and the engine's presets as PresetInfo, for
// `train:list` and `train:presets`. Reads only run.json and checkpoint meta.json (never the weights).
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { CheckpointSummary, PresetInfo, RunSummary } from '@common/ipc/training'
import { readIndex } from '../../ml/checkpoints/store'
import { makeConfig, PRESET_NAMES } from '../../ml/config/presets'
import { parseTrainConfig, type TrainConfig } from '../../ml/config/trainConfig'

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
    const runDir = join(runsDir, name)
    try {
      const index = await readIndex(runDir)
      const last = index.checkpoints.at(-1)
      if (!last) continue
      const metaPath = join(runDir, 'checkpoints', last.name, 'meta.json')
      const meta = JSON.parse(await fs.readFile(metaPath, 'utf8')) as { config?: unknown }
      const config = parseTrainConfig(meta.config, metaPath)
      const checkpoints: CheckpointSummary[] = index.checkpoints.map((c) => ({
        epoch: c.epoch,
        step: c.step,
        reason: c.reason,
        isBest: c.name === index.best,
        validationLoss: c.validationLoss ?? NaN,
      }))
      const epochs = config.schedule.epochs
      out.push({
        runDir,
        config,
        summary: {
          runId: name,
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
      })
    } catch {
      // A half-written or foreign folder is not a run we can list; it must not hide the others.
    }
  }
  return out
}

/** The presets' defaults, in PRESET_NAMES order. */
export function presetInfos(): PresetInfo[] {
  return PRESET_NAMES.map((name) => {
    const c = makeConfig(name)
    return {
      name,
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
