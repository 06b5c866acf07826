// The training service's line to the engine host: spawns it lazily (and again after it died), knows its backend,
// and turns sample requests into Promises that its replies (or its death) settle. Run events go to the caller.
import { randomBytes } from 'node:crypto'
import type { HostErrorCode } from '@common/ipc/engineErrors'
import { IpcFailure } from '@common/ipc/result'
import type { HostEvent, HostRequest, SampleRequest, SampleResultEvent } from '../../ml/host/protocol'
import type { Broadcast } from '../ipc/handlers'

/** A running engine host, however it is hosted. */
export interface HostTransport {
  send(msg: HostRequest, transfer?: ArrayBuffer[]): void
  onMessage(listener: (ev: HostEvent) => void): void
  /** Called once when the host ends; `expected` is true after shutdown()/kill() by us. */
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

/** A sample request the engine refused, with its code; the service turns it into the IPC failure the window reads. */
export class EngineRefusal extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Options of {@link connectEngine}. */
export interface EngineConnectionOptions {
  /** Starts a fresh host (called lazily, and again after a crash). */
  readonly spawn: () => HostTransport
  readonly broadcast: Broadcast
  /** Told which backend the engine picked and why. */
  readonly log?: (line: string) => void
  /** Every event that is no reply to a sample request: a run's events, warnings, unreadable-request failures. */
  readonly onEvent: (ev: HostEvent) => void
  /** The host ended (after its pending requests were failed); `code` is its exit code. */
  readonly onExit: (code: number | null) => void
}

/** The service's connection to its engine host. */
export interface EngineConnection {
  /** The engine's backend ('starting' until it is ready, 'stopped' after it died). */
  readonly backend: string
  /** True while a host is up. */
  readonly up: boolean
  /** Sends to the host, starting one if none is up. */
  send(msg: HostRequest): void
  /** Sends to the host only if one is up (pause/stop of a run that may have ended with its host). */
  sendIfUp(msg: HostRequest): boolean
  /** Samples on behalf of `runId`; rejects with an EngineRefusal, or 'trainer-crashed' when the host dies. */
  sample(req: Omit<SampleRequest, 'type' | 'requestId'>, runId: string): Promise<SampleResultEvent>
  /** The run a pending sample request was made for. */
  runOfRequest(requestId: string): string | undefined
  /** Starts the host now (so its backend is known, and tfjs loaded, before the first request). */
  warmUp(): void
  /** Shuts the host down. */
  dispose(): void
}

type Pending = { resolve: (v: SampleResultEvent) => void; reject: (e: unknown) => void; runId: string }

/** Connects lazily: no host is spawned until the first `send` or `sample`. */
export function connectEngine(o: EngineConnectionOptions): EngineConnection {
  let host: HostTransport | null = null
  let backend = 'starting'
  const pending = new Map<string, Pending>()

  const onMessage = (ev: HostEvent): void => {
    if (ev.type === 'ready') {
      backend = ev.backend
      o.log?.(`engine backend: ${backend}${ev.reason ? ` (${ev.reason})` : ''}`)
      o.broadcast('engine:ready', { backend })
      return
    }
    if (ev.type === 'progress') backend = ev.backend
    if (ev.type === 'sampleResult') pending.get(ev.requestId)?.resolve(ev)
    else if (ev.type === 'failed' && ev.requestId !== undefined)
      pending.get(ev.requestId)?.reject(new EngineRefusal(ev.code, ev.message))
    else o.onEvent(ev)
  }

  const onExit = (dead: HostTransport, code: number | null): void => {
    if (host !== dead) return
    host = null
    backend = 'stopped'
    for (const [, p] of pending)
      p.reject(new IpcFailure('trainer-crashed', `the training engine exited (code ${code})`))
    pending.clear()
    o.onExit(code)
  }

  const ensureHost = (): HostTransport => {
    if (host) return host
    const h = o.spawn()
    host = h
    h.onMessage(onMessage)
    h.onExit((code) => onExit(h, code))
    return h
  }

  return {
    get backend() {
      return backend
    },
    get up() {
      return host !== null
    },
    send: (msg) => ensureHost().send(msg),
    sendIfUp(msg) {
      host?.send(msg)
      return host !== null
    },
    sample(req, runId) {
      const requestId = randomBytes(6).toString('hex')
      return new Promise<SampleResultEvent>((resolve, reject) => {
        pending.set(requestId, { resolve, reject, runId })
        ensureHost().send({ type: 'sample', requestId, ...req })
      }).finally(() => pending.delete(requestId))
    },
    runOfRequest: (requestId) => pending.get(requestId)?.runId,
    warmUp: () => void ensureHost(),
    dispose() {
      const h = host
      host = null
      if (h) {
        h.send({ type: 'shutdown' })
        h.kill()
      }
    },
  }
}
