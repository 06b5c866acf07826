// A run as one file that travels (`train:export` / `train:import`), its failures in IPC codes: a run with no
// checkpoint to take is 'not-found', a damaged archive 'parse-error', anything the disk refused 'io-error'.
import { basename } from 'node:path'
import type { RunExported, RunSummary } from '@common/ipc/training'
import type { CheckpointRef } from '../../ml/host/protocol'
import { IpcFailure } from '@common/ipc/result'
import { exportRunArchive, importRunArchive, RunArchiveError } from '../../ml/transfer/index'
import { readRun } from './runCatalog'

/** Writes `run` (the checkpoints named, or all) to the archive at `path`. */
export async function exportRun(
  run: { readonly runDir: string; readonly summary: { readonly runId: string } },
  checkpoints: readonly CheckpointRef[] | undefined,
  path: string,
): Promise<RunExported> {
  try {
    const r = await exportRunArchive(run.runDir, path, { checkpoints, name: run.summary.runId })
    return { path: r.path, bytes: r.bytes, checkpoints: [...r.checkpoints] }
  } catch (err) {
    const msg = (err as Error).message
    throw new IpcFailure(/has no checkpoint/.test(msg) ? 'not-found' : 'io-error', msg)
  }
}

/** Unpacks the archive at `path` as a new run folder in `runsDir`; the run as `train:list` will list it. */
export async function importRun(path: string, runsDir: string): Promise<RunSummary> {
  let runDir: string
  let name: string
  try {
    ;({ runDir, name } = await importRunArchive(path, runsDir, { label: basename(path) }))
  } catch (err) {
    if (err instanceof RunArchiveError) throw new IpcFailure('parse-error', err.message)
    throw new IpcFailure('io-error', `cannot import '${basename(path)}': ${(err as Error).message}`)
  }
  const disk = await readRun(runDir, name)
  if (!disk) throw new IpcFailure('internal', `imported run '${name}' cannot be read back`)
  return disk.summary
}
