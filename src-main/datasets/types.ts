// Public types of the dataset library: branded ids, import progress, per-file failures and the data the trainer reads.
import type { DatasetFileError } from '../common/ipc/dtos'
import type { Brand } from '../common/music/units'

/** A dataset's id: the name of its folder in the library (`ds-<time36>-<random>`). */
export type DatasetId = Brand<string, 'DatasetId'>
/** A file's id inside one dataset: the first 16 hex digits of the file's sha256 (unique after dedupe). */
export type FileId = Brand<string, 'FileId'>

/**
 * Why a file was skipped. The first six come from the MIDI reader (`MidiFormatError.reason`); `unreadable` = the path
 * could not be read (permissions, vanished, a folder); `timeout` = parsing exceeded the per-file limit; `crash` = the
 * parse worker died on this file; `outside-folder` = a symbolic link in an imported folder leads outside it.
 */
export type FailureReason =
  | 'empty'
  | 'not-midi'
  | 'truncated'
  | 'corrupt'
  | 'no-notes'
  | 'too-large'
  | 'unreadable'
  | 'timeout'
  | 'crash'
  | 'outside-folder'

/** One skipped input file (the IPC {@link DatasetFileError} with a typed reason). `file` is the path as found on disk. */
export interface FileFailure extends DatasetFileError {
  readonly reason: FailureReason
}

/** A file whose content (sha256) equals an earlier file's; it is not imported again. */
export interface DuplicateFile {
  readonly file: string
  /** Path of the first file with the same content (the one imported). */
  readonly duplicateOf: string
}

/** Import progress, emitted at most every `progressIntervalMs` plus once at the end. */
export interface ImportProgress {
  /** Files finished (parsed or failed) so far. */
  readonly done: number
  /** Files found under the given paths. */
  readonly total: number
  /** Estimated seconds left from the mean rate so far; null until a few files are done. */
  readonly etaSeconds: number | null
  /** Path of the file most recently finished (empty before the first). */
  readonly currentFile: string
}

/** Options of {@link DatasetStore.create}. */
export interface CreateOptions {
  readonly signal?: AbortSignal
  readonly onProgress?: (p: ImportProgress) => void
  /** Files larger than this are skipped as `too-large`. Default 16 MiB. */
  readonly maxBytes?: number
  /** Seed of the random 100-event window per file used for window statistics. Default 1234 (spec §6.3). */
  readonly seed?: number
  /** Parse workers; default `os.availableParallelism()`, at least 1. */
  readonly workers?: number
  readonly tags?: readonly string[]
}

/** What the trainer reads: one entry per included file, in import order. */
export interface EncodedDataset {
  readonly tonesPerCell: number
  /** Features per cell, 3·K + 1 (spec §2.3). */
  readonly features: number
  readonly fileIds: readonly FileId[]
  readonly names: readonly string[]
  /** Per file: cells × features floats, row-major, raw units (384-PPQ ticks, Hz, velocity 0..127). */
  readonly cells: readonly Float32Array[]
}

/** A dataset folder whose manifest cannot be used; it can only be removed (or repaired by hand). */
export interface DamagedDataset {
  readonly id: DatasetId
  /**
   * 'corrupt' (invalid JSON or schema), 'missing' (no readable manifest.json), 'foreign' (not a dataset manifest),
   * 'unsupported' (written by a newer version: update the program instead of removing it).
   */
  readonly reason: 'corrupt' | 'missing' | 'foreign' | 'unsupported'
  /** Names the manifest file and what is wrong with it. */
  readonly message: string
}
