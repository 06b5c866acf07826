// Result<T> and the stable error codes every IPC handler returns instead of throwing across the process boundary.
// The renderer maps codes to user messages in one place (src-renderer/src/lib/ipc.ts). The dataset library throws
// with a subset of these same codes, and the engine's own codes map onto them in engineErrors.ts.

/** Stable error codes; renderer messages and tests key on these, so never rename one. */
export const ERROR_CODES = [
  'invalid-request', // payload failed the channel's schema
  'unknown-channel', // channel name not in the contract
  'forbidden-path', // path outside the folders the user chose
  'forbidden-sender', // invoke from a frame that is not our window
  'not-found', // dataset, run, checkpoint or file does not exist
  'conflict', // the name is taken (e.g. a dataset with that name exists)
  'no-files', // nothing importable among the given paths
  'corrupt', // a library file (manifest, cache) is damaged or was written by a newer version
  'io-error', // read/write failed on disk
  'parse-error', // a MIDI or project file could not be parsed
  'busy', // another import/training is already running
  'cancelled', // the user (or an AbortSignal) stopped the work
  'trainer-crashed', // the engine process died; resume from the last checkpoint
  'unavailable', // the service is not wired in this build
  'internal', // a bug: anything not mapped above
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/**
 * The codes the dataset library (`src-main/datasets`, DatasetError) throws with: the IPC words themselves, so a
 * library error reaches the window (and the CLI) as thrown, with no table in between.
 */
export const DATASET_ERROR_CODES = [
  'not-found', // no such dataset or file id, or a source file that moved or changed since the import
  'conflict', // another dataset has that name (in any letter case)
  'invalid-request', // a bad argument: an empty or too long name, no paths, a non-positive size limit
  'no-files', // nothing importable among the given paths
  'cancelled', // the AbortSignal fired; nothing was written
  'corrupt', // the manifest or cache is damaged, or the manifest was written by a newer version
  'io-error', // the library folder could not be read or written
  'busy', // the library lock stayed taken by another process
] as const satisfies readonly ErrorCode[]

export type DatasetErrorCode = (typeof DATASET_ERROR_CODES)[number]

/** Serializable error: survives structured clone (unlike Error, whose class and code Electron drops). */
export interface IpcError {
  readonly code: ErrorCode
  readonly message: string
  readonly details?: unknown
}

/** What every invoke resolves to. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError }

/** Wraps a value as a success. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

/** Builds a failure with a stable code. */
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
})

/** Throwable carrier of an IpcError: services throw it, the handler table turns it into a failed Result. */
export class IpcFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'IpcFailure'
  }
}

/** True for a value shaped like an IpcError (used when Results cross a transport and lose their class). */
export function isIpcError(v: unknown): v is IpcError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as IpcError).message === 'string' &&
    (ERROR_CODES as readonly string[]).includes((v as IpcError).code)
  )
}
