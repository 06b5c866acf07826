// Plain-data views of a manifest for the app's IPC and the CLI (structured-clone safe, no cache data).
import type { DatasetFileEntry, DatasetSummary as SummaryDto } from '../common/ipc/dtos'
import type { Manifest } from './manifest'
import type { DatasetId, DuplicateFile, FileFailure, FileId } from './types'

/**
 * One row of `list()`: the IPC {@link SummaryDto} with a typed id. `fileCount` counts unique imported files,
 * `errorCount` failed files; notes and seconds are over included files.
 */
export interface DatasetSummary extends SummaryDto {
  readonly id: DatasetId
}

/** One imported file: the IPC row plus its source path and tone count. `key` is its {@link FileId}. */
export interface DatasetFileInfo extends DatasetFileEntry {
  readonly key: FileId
  /** Absolute source path at import time. */
  readonly path: string
  readonly toneCount: number
}

/** Full description of a dataset. */
export interface DatasetInfo extends DatasetSummary {
  readonly files: readonly DatasetFileInfo[]
  readonly failures: readonly FileFailure[]
  readonly duplicates: readonly DuplicateFile[]
}

/** Summary row of a manifest. */
export function summarize(m: Manifest): DatasetSummary {
  let included = 0
  let notes = 0
  let seconds = 0
  const tones: number[] = []
  for (const f of m.files) {
    if (!f.included) continue
    included++
    tones.push(f.tones)
    notes += f.notes
    seconds += f.durationSeconds
  }
  return {
    id: m.id,
    name: m.name,
    createdAt: m.createdAt,
    tags: m.tags,
    fileCount: m.files.length,
    includedCount: included,
    errorCount: m.failures.length,
    duplicateCount: m.duplicates.length,
    noteCount: notes,
    includedTones: tones,
    durationSeconds: seconds,
  }
}

/** Summary plus per-file rows, failures and duplicates. */
export function describe(m: Manifest): DatasetInfo {
  return {
    ...summarize(m),
    files: m.files.map((f) => ({
      key: f.id,
      name: f.name,
      path: f.path,
      included: f.included,
      noteCount: f.notes,
      toneCount: f.tones,
      durationSeconds: f.durationSeconds,
    })),
    failures: m.failures as FileFailure[],
    duplicates: m.duplicates,
  }
}
