// Errors of the dataset library with a stable `code`, so the app can map them to IPC error codes and the CLI to exits.

/** Stable codes: 'not-found' (no such dataset/file id), 'exists' (name taken), 'invalid' (bad argument),
 * 'no-files' (nothing importable), 'cancelled' (AbortSignal fired), 'unsupported' (manifest from a newer version),
 * 'corrupt' (manifest or cache damaged), 'busy' (the library lock stayed taken by another process). */
export type DatasetErrorCode =
  'not-found' | 'exists' | 'invalid' | 'no-files' | 'cancelled' | 'unsupported' | 'corrupt' | 'busy'

/** A dataset operation failed for a reason the user can act on; `message` names the value at fault. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError'
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** The error an aborted import rejects with (`code` 'cancelled'); the partial import has been discarded. */
export function cancelledError(signal: AbortSignal | undefined): DatasetError {
  const why = signal?.reason instanceof Error ? `: ${signal.reason.message}` : ''
  return new DatasetError('cancelled', `import cancelled${why}; nothing was written`)
}
