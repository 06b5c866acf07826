// The MIDI parse host: a parse pool served over a message port, so the app can run its imports' parse workers in a
// separate OS process (an Electron utilityProcess, see app/services/parseHostPool.ts) instead of its main process.
import type { ParseReply, ParseRequest } from './parseFile'
import { localParsePool, type ParsePool } from './parsePool'

/** Messages to the host: `init` once (starts `size` parse workers), then one `parse` per file. */
export type ParseHostRequest =
  | { readonly type: 'init'; readonly size: number }
  | { readonly type: 'parse'; readonly taskId: number; readonly req: ParseRequest }

/** The host's answer to one `parse`: the file's reply, or why the pool could not parse at all. */
export type ParseHostReply =
  | { readonly taskId: number; readonly reply: ParseReply }
  | { readonly taskId: number; readonly error: string }

/** The subset of Electron's utilityProcess `parentPort` the host needs. */
export interface HostPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

/** Answers requests arriving on `port` with a local parse pool (worker threads with heap limits and timeouts). */
export function serveParseHost(port: HostPort): void {
  let pool: ParsePool | undefined
  port.on('message', ({ data }) => {
    const m = data as ParseHostRequest
    if (m?.type === 'init' && pool === undefined) pool = localParsePool(Math.max(1, Math.floor(m.size) || 1))
    else if (m?.type === 'parse') {
      const answer = (r: ParseHostReply): void => port.postMessage(r)
      if (!pool) return answer({ taskId: m.taskId, error: 'the parse host was not initialised' })
      pool.run(m.req).then(
        (reply) => answer({ taskId: m.taskId, reply }),
        (err: unknown) =>
          answer({ taskId: m.taskId, error: err instanceof Error ? err.message : String(err) }),
      )
    }
  })
}
