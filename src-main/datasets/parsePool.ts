// Where MIDI files are parsed: a pool of parse workers behind a small interface, so the CLI and tests parse on
// worker_threads here while the app runs the same pool in a separate process (app/services/parseHost.ts).
import type { ResourceLimits } from 'node:worker_threads'
import type { ParseReply, ParseRequest } from './parseFile'
import { parseWorkerUrl } from './parseWorkerUrl'
import { WorkerMemoryError, WorkerPool, WorkerPoolBrokenError, WorkerTimeoutError } from './WorkerPool'

/** A single file parsing longer than this is abandoned as `timeout` (corpus files take milliseconds). */
export const FILE_TIMEOUT_MS = 30_000

/**
 * Heap limits of every parse worker. With the per-file event cap (MAX_EVENTS_PER_FILE) a legal file needs well under
 * half of this; a worker that still outgrows it is stopped by V8 and its file skipped, instead of taking the machine.
 */
export const PARSE_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 192,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4,
}

/**
 * Parses files, several at a time. `run` resolves with a ParseReply for every file — timeouts, crashes and
 * exhausted memory become failures with reason 'timeout' / 'crash' / 'too-large' — and rejects only when the pool
 * itself is unusable (closed, or workers that cannot start) or with the reason given to `close`.
 */
export interface ParsePool {
  run(req: ParseRequest): Promise<ParseReply>
  close(reason?: Error): Promise<void>
}

/** Makes a pool of `size` parallel parsers (an import creates one and closes it when done). */
export type ParsePoolFactory = (size: number) => ParsePool

/** Options of {@link localParsePool} (the defaults are what imports use). */
export interface LocalParsePoolOptions {
  readonly url?: URL
  readonly taskTimeoutMs?: number
  readonly resourceLimits?: ResourceLimits
}

/** A pool of parse workers (worker_threads) in this process, with the per-file timeout and heap limits. */
export function localParsePool(size: number, o: LocalParsePoolOptions = {}): ParsePool {
  const pool = new WorkerPool<ParseRequest, ParseReply>({
    url: o.url ?? parseWorkerUrl(),
    size,
    taskTimeoutMs: o.taskTimeoutMs ?? FILE_TIMEOUT_MS,
    resourceLimits: o.resourceLimits ?? PARSE_RESOURCE_LIMITS,
  })
  let closing: Error | undefined
  return {
    run: (req) =>
      pool.run(req).catch((err: unknown): ParseReply => {
        if (closing || err instanceof WorkerPoolBrokenError) throw closing ?? err
        const why = err instanceof Error ? err.message : String(err)
        if (err instanceof WorkerMemoryError) {
          const heap =
            o.resourceLimits?.maxOldGenerationSizeMb ?? PARSE_RESOURCE_LIMITS.maxOldGenerationSizeMb
          const message = `${req.path}: parsing needs more than the ${heap} MB a parse worker may use (${why})`
          return { ok: false, path: req.path, reason: 'too-large', message }
        }
        const reason = err instanceof WorkerTimeoutError ? 'timeout' : 'crash'
        return { ok: false, path: req.path, reason, message: `${req.path}: ${why}` }
      }),
    close: (reason) => {
      closing ??= reason ?? new Error('parse pool closed')
      return pool.close(closing)
    },
  }
}
