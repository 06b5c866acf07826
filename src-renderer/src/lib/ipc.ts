// Typed client over the studio API (window.studio unless a test injects one): unwraps Result (throwing StudioError
// on failure) and is the ONE place where IPC error codes become the sentences a composer reads.
import type {
  EventName,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  StudioApi,
} from '@common/ipc/contract'
import type { ErrorCode, IpcError } from '@common/ipc/result'

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or injected by the end-to-end bridge. */
    studio?: StudioApi
  }
}

/** A failed invoke, carrying the stable code. */
export class StudioError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  constructor(error: IpcError) {
    super(error.message)
    this.name = 'StudioError'
    this.code = error.code
    this.details = error.details
  }
}

/** The renderer's one way to main: typed invokes, push events and dropped-file paths (injected through context). */
export interface StudioClient {
  /** Invokes `channel` and returns its value; throws StudioError with the handler's code on failure. */
  call<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResponse<C>>
  /** Subscribes to a push event; returns the unsubscribe function (a no-op when there is no studio API). */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Paths of files dropped on the window (allowed by main as user choices). */
  pathsForDrop(files: readonly File[]): Promise<string[]>
}

/**
 * A client over the studio API `studio` returns: by default `window.studio` (the preload's, the served studio's or
 * the test bridge's), looked up at each use; tests pass main's own handler table.
 */
export function createClient(studio: () => StudioApi | undefined = () => window.studio): StudioClient {
  const api = (): StudioApi => {
    const s = studio()
    if (!s) {
      throw new StudioError({
        code: 'unavailable',
        message: 'window.studio is missing: the preload did not run',
      })
    }
    return s
  }
  return {
    async call(channel, payload) {
      let r: Awaited<ReturnType<StudioApi['invoke']>>
      try {
        r = await api().invoke(channel, payload)
      } catch (err) {
        if (err instanceof StudioError) throw err
        throw new StudioError({
          code: 'internal',
          message: `${channel}: ${err instanceof Error ? err.message : String(err)}`,
        })
      }
      if (r.ok) return r.value as InvokeResponse<typeof channel>
      throw new StudioError(r.error)
    },
    on(event, listener) {
      const s = studio()
      return s ? s.on(event, listener) : () => undefined
    },
    pathsForDrop: (files) => api().pathsForDrop(files),
  }
}

const MESSAGES: Record<ErrorCode, string> = {
  'invalid-request': 'The studio rejected that request.',
  'unknown-channel': 'This build does not know that action.',
  'forbidden-path':
    'That file is outside the folders you chose. Pick it with Import or drop it on the window.',
  'forbidden-sender': 'The request did not come from the studio window.',
  'not-found': 'It no longer exists.',
  conflict: 'That name is already taken.',
  'no-files': 'No MIDI files could be imported from what you chose.',
  corrupt: 'A library file is damaged or was written by a newer version.',
  'io-error': 'The file could not be read or written.',
  'parse-error': 'The file could not be understood.',
  busy: 'Something is already running. Wait for it or cancel it.',
  cancelled: 'Cancelled.',
  'trainer-crashed': 'The training engine stopped unexpectedly. You can resume from the last checkpoint.',
  unavailable: 'This feature is not available in this build.',
  internal: 'Something went wrong inside the studio.',
}

/** The user-facing sentence for any error, with the handler's specific detail after it. */
export function userMessage(err: unknown): string {
  if (err instanceof StudioError) {
    const base = MESSAGES[err.code] ?? MESSAGES.internal
    const detail = err.message.charAt(0).toUpperCase() + err.message.slice(1)
    return err.message && err.code !== 'cancelled' ? `${base} ${detail}` : base
  }
  return `${MESSAGES.internal} ${err instanceof Error ? err.message : String(err)}`
}
