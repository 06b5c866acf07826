// Plain-data views of a manifest for the app's IPC and the CLI (structured-clone safe, no cache data).
import type { Manifest } from './manifest'
import type { DatasetId, DuplicateFile, FileFailure, FileId } from './types'

/** One row of `list()`. Counts: `fileCount` unique imported files, `errorCount` failed files. */
export interface DatasetSummary {
  readonly id: DatasetId
  readonly name: string
  /** ISO-8601. */
  readonly createdAt: string
  readonly tags: readonly string[]
  readonly fileCount: number
  readonly includedCount: number
  readonly errorCount: number
  readonly duplicateCount: number
  /** Notes over included files. */
  readonly noteCount: number
  /** Seconds over included files. */
  readonly durationSeconds: number
}

/** One imported file. `key` is its {@link FileId} (what `setIncluded` takes). */
export interface DatasetFileInfo {
  readonly key: FileId
  /** Path relative to the folder it was imported from. */
  readonly name: string
  /** Absolute source path at import time. */
  readonly path: string
  readonly included: boolean
  readonly noteCount: number
  readonly toneCount: number
  readonly durationSeconds: number
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
  for (const f of m.files) {
    if (!f.included) continue
    included++
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
