// Runs saved on disk (from earlier sessions) as RunSummary rows, and the engine's presets as PresetInfo, for
// `train:list` and `train:presets`. Reads only run.json and checkpoint meta.json (never the weights).
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { CheckpointRefDto, CheckpointSummary, PresetInfo, RunSummary } from '@common/ipc/training'
import { parseJson } from '@common/json'
import { shippedModel, type ShippedModelName } from '@common/models/shipped'
import { openIndex, type RunIndex } from '../../ml/checkpoints/store'
import { makeConfig, PRESET_INFO, PRESET_NAMES } from '../../ml/config/presets'
import { parseTrainConfig, type TrainConfig } from '../../ml/config/trainConfig'
import { presentShippedModels, shippedModelDir } from '../../ml/starter/locate'

/** A run found on disk. */
export interface DiskRun {
  readonly summary: RunSummary
  readonly runDir: string
  readonly config: TrainConfig
}

/**
 * The checkpoints of a run that exist on disk, oldest first: the index (run.json) entries whose folder still holds
 * its meta.json. The index can name checkpoints that are gone (pruned by keepLast, deleted by hand, or an older
 * index), and a run's in-memory list grows with every save; neither may reach the UI (issue 11, stale checkpoints).
 */
export async function existingCheckpoints(runDir: string): Promise<CheckpointSummary[]> {
  return summaries(await presentIndex(runDir))
}

/**
 * The run's index (openIndex: damage-tolerant, entries without a folder dropped) keeping only the checkpoints whose
 * folder still holds its meta.json.
 */
async function presentIndex(runDir: string): Promise<RunIndex> {
  const { index } = await openIndex(runDir)
  const present = await Promise.all(
    index.checkpoints.map((c) =>
      fs.access(join(runDir, 'checkpoints', c.name, 'meta.json')).then(
        () => true,
        () => false,
      ),
    ),
  )
  return { ...index, checkpoints: index.checkpoints.filter((_, i) => present[i]) }
}

function summaries(index: RunIndex): CheckpointSummary[] {
  return index.checkpoints.map((c) => ({
    epoch: c.epoch,
    step: c.step,
    reason: c.reason,
    isBest: c.name === index.best,
    validationLoss: c.validationLoss ?? NaN,
  }))
}

/** The checkpoint `ref` names among those on disk (as ml/checkpoints/store.ts resolveCheckpoint picks it). */
export function pickCheckpoint(
  list: readonly CheckpointSummary[],
  ref: CheckpointRefDto,
): CheckpointSummary | undefined {
  if (ref === 'latest') return list.at(-1)
  if (ref === 'best') return list.find((c) => c.isBest) ?? list.at(-1)
  return list.find((c) => c.epoch === ref && c.step === 0)
}

/** What a composer reads when a chosen checkpoint is gone: no paths, and what to do instead. */
export function missingCheckpoint(runId: string, ref: CheckpointRefDto): string {
  const what = typeof ref === 'number' ? `the checkpoint saved after epoch ${ref}` : `the ${ref} checkpoint`
  const shipped = shippedModel(runId)
  const run = shipped ? `the ${shipped.label}` : `run ${runId}`
  return `${what} of ${run} is no longer on disk (a run keeps only its latest few checkpoints and its best). Choose another checkpoint.`
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
    const index = await presentIndex(runDir)
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
    const checkpoints = summaries(index)
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
        startFrom: config.startFrom,
      },
    }
  } catch {
    return null
  }
}

/**
 * The shipped models this build has (common/models/shipped.ts, found by ml/starter/locate.ts without loading
 * TensorFlow.js), each as a finished, read-only run named for the model and materialised once under `cacheDir`.
 * A model that cannot be read is left out: a damaged one must not break the run list (sampling it reports why).
 */
export async function shippedRuns(cacheDir: string): Promise<DiskRun[]> {
  const out: DiskRun[] = []
  for (const name of presentShippedModels()) {
    const run = await shippedRun(name, cacheDir)
    if (run) out.push(run)
  }
  return out
}

async function shippedRun(name: ShippedModelName, cacheDir: string): Promise<DiskRun | null> {
  try {
    // Loaded only when a model is present: the materialiser pulls in TensorFlow.js (the model loader).
    const { starterRunDir } = await import('../../ml/starter/starterModel')
    const run = await readRun(await starterRunDir({ dir: shippedModelDir(name), cacheDir }), name)
    if (!run) return null
    const { epochsDone } = run.summary
    return { ...run, summary: { ...run.summary, datasetId: '', state: 'finished', epochs: epochsDone } }
  } catch {
    return null
  }
}

/** The presets' defaults, in PRESET_NAMES order. */
export function presetInfos(): PresetInfo[] {
  return PRESET_NAMES.map((name) => presetInfoOf(PRESET_INFO[name], makeConfig(name)))
}

/** A config's defaults as the Train form shows them, under a preset's name and its text for a composer. */
export function presetInfoOf(
  text: { readonly label: string; readonly description: string },
  c: TrainConfig,
): PresetInfo {
  return {
    name: c.preset,
    label: text.label,
    description: text.description,
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
}
