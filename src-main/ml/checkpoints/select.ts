// Picks a run's checkpoint by reference and falls back past damaged ones: 'latest' (and 'best') try the newest
// listed checkpoint first, then older ones, and report each one skipped with its folder and reason.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { checkpointsDir, openIndex, type CheckpointData, type CheckpointEntry } from './store'
import { CheckpointError, loadCheckpoint, type LoadOptions } from './verify'

/** 'latest' | 'best' | N: the checkpoint saved at the end of epoch N (epoch = N, step = 0). */
export type CheckpointRef = 'latest' | 'best' | number

/** Thrown when a run has no checkpoint that can be used; `code` maps onto the host's NO_CHECKPOINT. */
export class NoCheckpointError extends Error {
  readonly code = 'NO_CHECKPOINT'
}

const label = (list: readonly CheckpointEntry[]): string =>
  list.map((c) => `${c.epoch}${c.step ? `+${c.step}` : ''}`).join(', ') || 'none'

/**
 * The folder `ref` names, without loading it.
 * @throws NoCheckpointError naming the run folder and the reference when nothing matches.
 */
export async function resolveCheckpoint(runDir: string, ref: CheckpointRef): Promise<string> {
  const [first] = await candidates(runDir, ref)
  return first
}

async function candidates(runDir: string, ref: CheckpointRef): Promise<string[]> {
  const { index } = await openIndex(runDir)
  const list = index.checkpoints
  const newestFirst = [...list].reverse()
  let order: CheckpointEntry[]
  if (ref === 'latest') order = newestFirst
  else if (ref === 'best') {
    const best = list.find((c) => c.name === index.best)
    order = best ? [best, ...newestFirst.filter((c) => c !== best)] : newestFirst
  } else order = list.filter((c) => c.epoch === ref && c.step === 0).reverse()
  if (order.length === 0)
    throw new NoCheckpointError(
      `run '${runDir}' has no checkpoint '${ref}' (checkpoints at epochs: ${label(list)})`,
    )
  return order.map((c) => join(checkpointsDir(runDir), c.name))
}

const exists = (path: string): Promise<boolean> =>
  fs.stat(path).then(
    () => true,
    () => false,
  )

/** A checkpoint passed over, and why. */
export interface Skipped {
  readonly path: string
  readonly reason: string
}

/** Options of {@link loadValidCheckpoint}. */
export interface SelectOptions extends LoadOptions {
  /** Folders already known to be bad (e.g. found so by an earlier rollback): not tried again. */
  readonly exclude?: ReadonlySet<string>
  /** Told about each checkpoint skipped, as it is skipped. */
  readonly onSkip?: (s: Skipped) => void
}

/**
 * Loads the checkpoint `ref` names, or for 'latest' / 'best' the newest one that verifies when it does not. An
 * explicit epoch N does not fall back: the error names that checkpoint's fault.
 * @throws NoCheckpointError when none can be used, listing each one tried and why.
 */
export async function loadValidCheckpoint(
  runDir: string,
  ref: CheckpointRef,
  o: SelectOptions = {},
): Promise<{ path: string; data: CheckpointData; skipped: Skipped[] }> {
  const skipped: Skipped[] = []
  // A copy: the caller's set may grow while we go (its onSkip records what we skip).
  const known = new Set(o.exclude ?? [])
  let all: string[] = []
  // A trainer in another process may swap the index and remove an old folder while we read: a folder that vanished
  // is not damage, so the index is read again (a few times at most) instead of reporting it.
  retry: for (let attempt = 0; attempt < 3; attempt++) {
    all = await candidates(runDir, ref)
    const order = all.filter((p) => !known.has(p) && !skipped.some((s) => s.path === p))
    for (const path of order) {
      try {
        return { path, data: await loadCheckpoint(path, o), skipped }
      } catch (err) {
        if (!(err instanceof CheckpointError)) throw err
        if (attempt < 2 && !(await exists(path))) continue retry
        if (typeof ref === 'number') throw err
        const s = { path, reason: err.message }
        skipped.push(s)
        o.onSkip?.(s)
      }
    }
    break
  }
  const why = skipped.map((s) => `  ${s.reason}`).join('\n')
  const excluded = all.filter((p) => known.has(p)).length
  throw new NoCheckpointError(
    `run '${runDir}' has no usable checkpoint${excluded ? ` (${excluded} already found damaged)` : ''}${why ? `:\n${why}` : ''}`,
  )
}
