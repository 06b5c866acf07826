// TrainingService over a transport-agnostic engine host: Electron forks a utilityProcess, the test bridge a
// worker_thread; both hand us a HostTransport. Maps host events to IPC events, survives a host crash
// ('trainer-crashed', resume from the last checkpoint) and turns sample replies into Promises.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { GeneratedPhrases, RunSummary, TrainStartRequest } from '@common/ipc/training'
import { IpcFailure } from '@common/ipc/result'
import { makeConfig } from '../../ml/config/presets'
import type { TrainConfig } from '../../ml/config/trainConfig'
import type { HostEvent, HostRequest, SampleResultEvent } from '../../ml/host/protocol'
import type { Broadcast } from '../ipc/handlers'
import type { TrainingService } from '../ipc/services'

/** A running engine host, however it is hosted. */
export interface HostTransport {
  send(msg: HostRequest, transfer?: ArrayBuffer[]): void
  onMessage(listener: (ev: HostEvent) => void): void
  /** Called once when the host ends; `expected` is true after shutdown()/kill() by us. */
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

/** Options of {@link createTrainingService}. */
export interface TrainingServiceOptions {
  /** Starts a fresh host (called lazily, and again after a crash). */
  readonly spawn: () => HostTransport
  readonly broadcast: Broadcast
  /** Dataset library folder (the host reads the dataset cache from there). */
  readonly libraryDir: string
  /** Folder holding one subfolder per run. */
  readonly runsDir: string
  /** Backend preference passed to the host ('tensorflow' | 'wasm' | 'cpu'); undefined = host's choice. */
  readonly backend?: string
}

interface Run {
  summary: RunSummary
  readonly runDir: string
  readonly config: TrainConfig
}

type Pending = { resolve: (v: SampleResultEvent) => void; reject: (e: unknown) => void }

/** Builds the service; call `dispose()` on quit to shut the host down. */
export function createTrainingService(o: TrainingServiceOptions): TrainingService & { dispose(): void } {
  let host: HostTransport | null = null
  let backend = 'starting'
  let active: Run | null = null
  const runs = new Map<string, Run>()
  const pending = new Map<string, Pending>()

  const update = (run: Run, patch: Partial<RunSummary>): void => {
    run.summary = { ...run.summary, ...patch }
  }

  const onEvent = (ev: HostEvent): void => {
    if (ev.type === 'ready') backend = ev.backend
    else if (ev.type === 'sampleResult') pending.get(ev.requestId)?.resolve(ev)
    else if (ev.type === 'failed' && ev.requestId !== undefined) {
      pending.get(ev.requestId)?.reject(new IpcFailure(ev.code === 'NO_CHECKPOINT' ? 'not-found' : 'internal', ev.message))
    } else if ('runId' in ev && ev.runId !== undefined) {
      const run = runs.get(ev.runId)
      if (run) onRunEvent(run, ev)
    }
  }

  const onRunEvent = (run: Run, ev: HostEvent): void => {
    const { runId } = run.summary
    switch (ev.type) {
      case 'progress':
        backend = ev.backend
        o.broadcast('train:progress', {
          runId,
          epoch: ev.epoch,
          epochs: run.summary.epochs,
          step: ev.step,
          stepsPerEpoch: ev.stepsPerEpoch,
          dLoss: ev.dLoss,
          gLoss: ev.gLoss,
          etaSeconds: Number.isFinite(ev.etaSeconds) ? ev.etaSeconds : null,
        })
        break
      case 'checkpoint':
        update(run, { checkpoint: ev.path, epochsDone: ev.epoch })
        break
      case 'finished':
      case 'stopped': {
        const stopped = ev.type === 'stopped'
        update(run, { state: stopped ? 'stopped' : 'finished', checkpoint: ev.checkpointPath ?? run.summary.checkpoint })
        if (active === run) active = null
        o.broadcast('train:finished', { runId, stopped, checkpoint: run.summary.checkpoint })
        break
      }
      case 'failed':
        update(run, { state: 'failed' })
        if (active === run) active = null
        o.broadcast('train:failed', { runId, code: ev.code, message: ev.message, canResume: run.summary.checkpoint !== null })
        break
    }
  }

  const onExit = (dead: HostTransport, code: number | null): void => {
    if (host !== dead) return
    host = null
    backend = 'stopped'
    for (const [, p] of pending) p.reject(new IpcFailure('trainer-crashed', `the training engine exited (code ${code})`))
    pending.clear()
    if (active) {
      const run = active
      active = null
      update(run, { state: 'failed' })
      o.broadcast('train:failed', {
        runId: run.summary.runId,
        code: 'trainer-crashed',
        message: `the training engine stopped unexpectedly (exit code ${code})`,
        canResume: run.summary.checkpoint !== null,
      })
    }
  }

  const ensureHost = (): HostTransport => {
    if (host) return host
    const h = o.spawn()
    host = h
    h.onMessage(onEvent)
    h.onExit((code) => onExit(h, code))
    return h
  }

  const launch = (run: Run): void => {
    active = run
    update(run, { state: 'running' })
    ensureHost().send({
      type: 'start',
      config: run.config,
      runDir: run.runDir,
      datasetId: run.summary.datasetId,
      libraryDir: o.libraryDir,
      backend: o.backend,
    })
  }

  return {
    async start(req: TrainStartRequest) {
      if (active) throw new IpcFailure('busy', `run '${active.summary.runId}' is still training; stop it first`)
      let config: TrainConfig
      try {
        config = makeConfig(req.preset, {
          ...nest(req.options ?? {}),
          datasetId: req.datasetId,
          seed: req.seed,
          schedule: { ...(nest(req.options ?? {}).schedule as object), epochs: req.epochs },
        } as Parameters<typeof makeConfig>[1])
      } catch (err) {
        throw new IpcFailure('invalid-request', (err as Error).message)
      }
      const runId = `run-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
      const summary: RunSummary = { runId, datasetId: req.datasetId, state: 'running', epochsDone: 0, epochs: req.epochs, checkpoint: null }
      const run: Run = { summary, runDir: join(o.runsDir, runId), config }
      runs.set(runId, run)
      launch(run)
      return { runId }
    },
    async stop(runId) {
      if (!active || active.summary.runId !== runId) return { stopped: false }
      host?.send({ type: 'stop' })
      return { stopped: true }
    },
    async resume(runId) {
      const run = runs.get(runId)
      if (!run) throw new IpcFailure('not-found', `no training run '${runId}'`)
      if (active) throw new IpcFailure('busy', `run '${active.summary.runId}' is still training`)
      launch(run)
      return { runId }
    },
    async list() {
      return [...runs.values()].map((r) => r.summary)
    },
    async sample({ runId, count, seed, steps }): Promise<GeneratedPhrases> {
      const run = runs.get(runId)
      if (!run) throw new IpcFailure('not-found', `no training run '${runId}'`)
      const requestId = randomBytes(6).toString('hex')
      const result = await new Promise<SampleResultEvent>((resolve, reject) => {
        pending.set(requestId, { resolve, reject })
        ensureHost().send({
          type: 'sample',
          requestId,
          runDir: run.runDir,
          checkpoint: 'latest',
          seed,
          count,
          length: steps ?? run.config.data.maxLength,
          noiseScale: 1,
          dropout: true,
        })
      }).finally(() => pending.delete(requestId))
      const phrases = result.candidates.map((c) => ({ song: c.song, midi: c.midi, seed: c.seed, score: c.score }))
      return { runId, checkpointEpoch: result.checkpointEpoch, phrases }
    },
    backend: () => backend,
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

/** {'model.hidden': 16} → {model: {hidden: 16}}. */
export function nest(flat: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.')
    if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype' || p === ''))
      throw new IpcFailure('invalid-request', `option key '${key}' is not a config path`)
    let node = out
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>
    node[parts[parts.length - 1]] = value
  }
  return out
}
