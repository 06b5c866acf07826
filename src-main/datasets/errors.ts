// Errors of the dataset library. Their codes are the IPC vocabulary's own (DATASET_ERROR_CODES in common/ipc/result),
// so a DatasetError is an IpcFailure: it reaches the window as thrown, and the CLI reads the same code. The
// sentences used in more than one place are built here, so each says what happened, where, and what to do.
import { IpcFailure, type DatasetErrorCode } from '../common/ipc/result'

export type { DatasetErrorCode }

/**
 * A dataset operation failed for a reason the user can act on. `message` says what happened, names the dataset or
 * file at fault, and says what to do; the window puts the code's own sentence before it.
 */
export class DatasetError extends IpcFailure {
  override readonly name = 'DatasetError'
  declare readonly code: DatasetErrorCode
  constructor(code: DatasetErrorCode, message: string) {
    super(code, message)
  }
}

/** The error an aborted import rejects with (`code` 'cancelled'); the partial import has been discarded. */
export function cancelledError(signal: AbortSignal | undefined): DatasetError {
  const why = signal?.reason instanceof Error ? `: ${signal.reason.message}` : ''
  return new DatasetError('cancelled', `import cancelled${why}; nothing was written`)
}

const CHOOSE_FROM_LIST = 'choose one from the dataset list (it may have been removed meanwhile)'

/** No dataset folder `id` in `libraryDir`. */
export function noSuchDataset(id: string, libraryDir: string): DatasetError {
  return new DatasetError('not-found', `no dataset '${id}' in ${libraryDir}; ${CHOOSE_FROM_LIST}`)
}

/** `id` does not even look like a dataset folder's name. */
export function notADatasetId(id: string): DatasetError {
  return new DatasetError('not-found', `'${id}' is not a dataset id (expected ds-…); ${CHOOSE_FROM_LIST}`)
}

/**
 * The library folder (or a dataset in it) could not be read or written: what the disk said, which folder, what to
 * check. A DatasetError, or anything that is not a system error, is returned as it is.
 */
export function libraryIoError(err: unknown, libraryDir: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (
    err instanceof DatasetError ||
    !(err instanceof Error) ||
    typeof code !== 'string' ||
    !/^E[A-Z]+$/.test(code)
  )
    return err
  return new DatasetError(
    'io-error',
    `the library folder ${libraryDir} could not be used (${err.message}); check that it is a folder you may write ` +
      'to and that the disk has room, or choose another library folder',
  )
}
