// Fine-tuning in the app (`train:start` with `startFrom`, `train:fineTunePreset`): a run, or a shipped model, becomes
// the starting point of a new run. Its config is the source's (same preset and model shape, so the weights fit) with
// fineTuneConfig's changes and the form's overrides; the host loads the source checkpoint's G and D.
import type { CheckpointRefDto, CheckpointSummary, PresetInfo } from '@common/ipc/training'
import { IpcFailure } from '@common/ipc/result'
import { runLabel } from '@common/models/shipped'
import { fineTuneConfig, withOverrides, type DeepPartial } from '../../ml/config/presets'
import type { TrainConfig } from '../../ml/config/trainConfig'
import { missingCheckpoint, pickCheckpoint, presetInfoOf } from './runCatalog'

/** Epochs of a fine-tuning run unless the form says otherwise: minutes on a composer's 20–50 files. */
export const FINE_TUNE_EPOCHS = 20

/** The run (or shipped model, listed as a run) a fine-tuning run starts from, as main found it. */
export interface FineTuneSource {
  readonly runId: string
  readonly runDir: string
  readonly config: TrainConfig
  /** The checkpoints on disk, oldest first. */
  readonly checkpoints: readonly CheckpointSummary[]
}

/** What the new run gets: its config, and what the host's start request names as the source. */
export interface FineTunePlan {
  readonly config: TrainConfig
  readonly checkpointEpoch: number
  readonly host: { readonly runDir: string; readonly checkpoint: CheckpointRefDto }
}

/** The form's fields of a fine-tuning run (all optional: `train:fineTunePreset` asks for the defaults). */
export interface FineTuneRequest {
  readonly epochs?: number
  readonly seed?: number
  readonly datasetId?: string
  /** Nested config overrides; the model section is the source's and may not change. */
  readonly overrides?: Record<string, unknown>
}

/**
 * The config of a run fine-tuning `source`'s checkpoint `ref`.
 * @throws IpcFailure 'not-found' when that checkpoint is not on disk, 'invalid-request' for a bad override.
 */
export function fineTunePlan(
  source: FineTuneSource,
  ref: CheckpointRefDto,
  req: FineTuneRequest = {},
): FineTunePlan {
  const ck = pickCheckpoint(source.checkpoints, ref)
  if (!ck) throw new IpcFailure('not-found', missingCheckpoint(source.runId, ref))
  if (req.overrides && 'model' in req.overrides)
    throw new IpcFailure(
      'invalid-request',
      `cannot change the model shape when fine-tuning ${runLabel(source.runId)}: it comes from that model`,
    )
  let config: TrainConfig
  try {
    const base = fineTuneConfig(source.config, {
      startFrom: { run: source.runId, checkpointEpoch: ck.epoch },
      epochs: req.epochs ?? FINE_TUNE_EPOCHS,
      seed: req.seed,
      datasetId: req.datasetId ?? null,
    })
    config = req.overrides
      ? withOverrides(base, req.overrides as DeepPartial<TrainConfig>, `fine-tuning of '${source.runId}'`)
      : base
  } catch (err) {
    throw new IpcFailure('invalid-request', (err as Error).message)
  }
  return { config, checkpointEpoch: ck.epoch, host: { runDir: source.runDir, checkpoint: ref } }
}

/** The plan's defaults as the Train form shows them, named and described for a composer. */
export function fineTunePresetInfo(source: FineTuneSource, plan: FineTunePlan): PresetInfo {
  const from = runLabel(source.runId)
  const { model } = plan.config
  const notes = model.tonesPerCell === 1 ? '1 note' : `up to ${model.tonesPerCell} notes`
  return presetInfoOf(
    {
      label: `${from} (fine-tuning)`,
      description:
        `Continues ${from} (epoch ${plan.checkpointEpoch}) on your dataset: its preset ` +
        `${source.config.preset}, ${model.hidden} hidden units and ${notes} per step are fixed by it.`,
    },
    plan.config,
  )
}
