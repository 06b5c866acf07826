// Import pipeline before anything is written: scan paths, parse every file on the worker pool with throttled
// progress and cancellation, then dedupe by content hash in input order (the first copy wins).
import { availableParallelism } from 'node:os'
import { cancelledError, DatasetError } from './errors'
import type { ParsedFile, ParseReply, ParseRequest } from './parseFile'
import { localParsePool, type ParsePoolFactory } from './parsePool'
import { ProgressReporter } from './progress'
import { scanPaths } from './scanPaths'
import type { DuplicateFile, FileFailure, ImportProgress } from './types'

/** Default cap on one file's size: 16 MiB. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024
/** Default seed for statistics windows (spec §6.3 used 1234). */
export const DEFAULT_SEED = 1234

/** @throws {DatasetError} 'invalid-request' for no paths, a size cap ≤ 0 or a seed that is not an integer. */
export function checkImportRequest(
  paths: readonly string[],
  opts: { readonly maxBytes?: number; readonly seed?: number },
): void {
  const { maxBytes = DEFAULT_MAX_BYTES, seed = DEFAULT_SEED } = opts
  const bad = (why: string): DatasetError => new DatasetError('invalid-request', why)
  if (paths.length === 0) throw bad('no files or folders given to import; choose MIDI files or a folder')
  if (!(maxBytes > 0))
    throw bad(
      `maxBytes must be > 0, got ${maxBytes}; leave it out for the default (${DEFAULT_MAX_BYTES} bytes)`,
    )
  if (!Number.isInteger(seed)) throw bad(`seed must be an integer, got ${seed}; give a whole number`)
}

/** The error of an import in which every file failed: the first few with their reasons, and what to choose. */
export function nothingImported(failures: readonly FileFailure[]): DatasetError {
  const first = failures.slice(0, 5).map((f) => `${f.file}: ${f.reason}`)
  return new DatasetError(
    'no-files',
    `none of ${failures.length} file(s) could be imported (${first.join('; ')}); ` +
      'choose Standard MIDI Files (.mid) that hold notes',
  )
}

export interface ImportFilesOptions {
  readonly signal?: AbortSignal
  readonly onProgress?: (p: ImportProgress) => void
  readonly maxBytes: number
  readonly seed: number
  readonly windowLength: number
  readonly workers?: number
  /** Where files are parsed; default: parse workers in this process ({@link localParsePool}). */
  readonly parsePool?: ParsePoolFactory
}

/** A parsed, unique file with its display name. */
export type ImportedFile = ParsedFile & { readonly name: string }

export interface ImportFilesResult {
  readonly files: ImportedFile[]
  readonly failures: FileFailure[]
  readonly duplicates: DuplicateFile[]
}

/**
 * Scans `paths` and parses every MIDI file found on `workers` threads.
 * @throws {DatasetError} 'no-files' when nothing MIDI was found, 'cancelled' when `signal` aborts (workers are
 *   terminated; nothing has been written by this function at any point).
 */
export async function importFiles(
  paths: readonly string[],
  opts: ImportFilesOptions,
): Promise<ImportFilesResult> {
  const { signal } = opts
  if (signal?.aborted) throw cancelledError(signal)
  const scan = await scanPaths(paths, signal).catch((err: unknown) => {
    throw signal?.aborted ? cancelledError(signal) : err
  })
  if (scan.files.length === 0) {
    const why = scan.failures.map((f) => `${f.file} (${f.message})`).join('; ')
    throw new DatasetError(
      'no-files',
      `no .mid/.midi files found in ${paths.join(', ')}${why ? `: ${why}` : ''}; choose MIDI files or a folder holding some`,
    )
  }
  const progress = new ProgressReporter(scan.files.length, opts.onProgress)
  opts.onProgress?.(progress.snapshot())
  const size = Math.max(1, Math.min(opts.workers ?? availableParallelism(), scan.files.length))
  const pool = (opts.parsePool ?? localParsePool)(size)
  const onAbort = (): void => void pool.close(cancelledError(signal))
  signal?.addEventListener('abort', onAbort, { once: true })
  let replies: ParseReply[]
  try {
    replies = await Promise.all(
      scan.files.map(async (f): Promise<ParseReply> => {
        const req: ParseRequest = {
          path: f.path,
          maxBytes: opts.maxBytes,
          seed: opts.seed,
          windowLength: opts.windowLength,
        }
        const reply = await pool.run(req).catch((err: unknown): never => {
          throw signal?.aborted ? cancelledError(signal) : err
        })
        progress.fileDone(f.path)
        return reply
      }),
    )
  } finally {
    progress.close()
    signal?.removeEventListener('abort', onAbort)
    await pool.close()
  }
  if (signal?.aborted) throw cancelledError(signal)
  return dedupe(scan.files, replies, scan.failures)
}

function dedupe(
  found: readonly { path: string; name: string }[],
  replies: readonly ParseReply[],
  scanFailures: readonly FileFailure[],
): ImportFilesResult {
  const files: ImportedFile[] = []
  const failures: FileFailure[] = [...scanFailures]
  const duplicates: DuplicateFile[] = []
  const firstByHash = new Map<string, string>()
  replies.forEach((r, i) => {
    if (!r.ok) {
      failures.push({ file: r.path, reason: r.reason, message: r.message })
      return
    }
    const first = firstByHash.get(r.sha256)
    if (first !== undefined) {
      duplicates.push({ file: r.path, duplicateOf: first })
      return
    }
    firstByHash.set(r.sha256, r.path)
    files.push({ ...r, name: found[i].name })
  })
  return { files, failures, duplicates }
}
