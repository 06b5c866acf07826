// Which model Compose selects when it has none yet (at start-up): the one the composer last used, if it still
// exists, else the default shipped model (else the other shipped one), else the newest run. Pure, so the rule is
// tested on its own.
import type { CheckpointRefDto, RunSummary } from '@common/ipc/training'
import { firstShippedModel } from '@common/models/shipped'

/** A model choice as remembered in the app settings (`composeModel`). */
export interface ModelChoice {
  readonly runId: string
  readonly checkpoint: CheckpointRefDto
}

/** `ref` when `run` still has it on disk; 'latest' otherwise ('latest' and 'best' always resolve). */
export function availableCheckpoint(run: RunSummary, ref: CheckpointRefDto): CheckpointRefDto {
  if (typeof ref !== 'number') return ref
  return run.checkpoints.some((c) => c.epoch === ref && c.step === 0) ? ref : 'latest'
}

/** The model to select among `runs` (only those with checkpoints), given the remembered choice. */
export function initialModel(
  runs: readonly RunSummary[],
  remembered?: ModelChoice | null,
): ModelChoice | null {
  const usable = runs.filter((r) => r.checkpoints.length > 0)
  const last = remembered ? usable.find((r) => r.runId === remembered.runId) : undefined
  if (last && remembered)
    return { runId: last.runId, checkpoint: availableCheckpoint(last, remembered.checkpoint) }
  const shipped = firstShippedModel(usable.map((r) => r.runId))
  const pick = usable.find((r) => r.runId === shipped) ?? usable.at(-1)
  return pick ? { runId: pick.runId, checkpoint: 'latest' } : null
}
