// TrainingService over a transport-agnostic engine host: Electron forks a utilityProcess, the test bridge a
// worker_thread; both hand us a HostTransport. Maps host events to IPC events, survives a host crash
// ('trainer-crashed', resume from the last checkpoint) and turns sample replies into Promises.
import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import type { GeneratedPhrases, RunSummary, TrainStartRequest } from '@common/ipc/training'
import { IpcFailure } from '@common/ipc/result'
import { makeConfig } from '../../ml/config/presets'
import type { TrainConfig } from '../../ml/config/trainConfig'
import type { HostEvent, HostRequest, SampleResultEvent } from '../../ml/host/protocol'
import type { Broadcast } from '../ipc/handlers'
import type { TrainingService } from '../ipc/services'
import { checkpointEntry, primerSong, progressDto, withCheckpoint } from './hostDtos'
import { createBandSource, type MetricBand } from './referenceBand'
import {
  existingCheckpoints,
  missingCheckpoint,
  pickCheckpoint,
  presetInfos,
  readDiskRuns,
  STARTER_RUN_ID,
  starterRun,
  type DiskRun,
} from './runCatalog'

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
  /** p10–p90 of the reference windows per song length (computed lazily in main). */
  band?: (length: number) => Promise<MetricBand | null>
}

type Pending = { resolve: (v: SampleResultEvent) => void; reject: (e: unknown) => void }

/** Builds the service; call `dispose()` on quit to shut the host down. */
export function createTrainingService(
  o: TrainingServiceOptions,
): TrainingService & { dispose(): void; warmUp(): void } {
  let host: HostTransport | null = null
  let backend = 'starting'
  let active: Run | null = null
  const runs = new Map<string, Run>()
  const pending = new Map<string, Pending>()
  // The host names runs itself (one id per start/resume): the first unknown id after a launch is that run's.
  const hostIds = new Map<string, Run>()
  let launching: Run | null = null
  const runFor = (hostRunId: string): Run | undefined => {
    const known = runs.get(hostRunId) ?? hostIds.get(hostRunId)
    if (known || !launching) return known
    hostIds.set(hostRunId, launching)
    const run = launching
    launching = null
    return run
  }
  // The shipped starter model is materialised beside the runs (not among them: it is no training run of ours).
  const starterCache = join(dirname(o.runsDir), 'starter-cache')
  /** Runs on disk: the starter model (if this build ships one) first, then earlier sessions' runs. */
  const diskRuns = async (): Promise<DiskRun[]> => {
    const starter = await starterRun(starterCache)
    return [...(starter ? [starter] : []), ...(await readDiskRuns(o.runsDir))]
  }
  /** A run of this session, else one on disk (adopted into `runs`). */
  const findRun = async (runId: string): Promise<Run> => {
    const mine = runs.get(runId)
    if (mine) return mine
    const disk = (await diskRuns()).find((r) => r.summary.runId === runId)
    if (!disk) throw new IpcFailure('not-found', `no training run '${runId}'`)
    const run: Run = { summary: disk.summary, runDir: disk.runDir, config: disk.config }
    runs.set(runId, run)
    return run
  }

  const update = (run: Run, patch: Partial<RunSummary>): void => {
    run.summary = { ...run.summary, ...patch }
  }

  const onEvent = (ev: HostEvent): void => {
    if (ev.type === 'ready') {
      backend = ev.backend
      o.broadcast('engine:ready', { backend })
    } else if (ev.type === 'sampleResult') pending.get(ev.requestId)?.resolve(ev)
    else if (ev.type === 'failed' && ev.requestId !== undefined) {
      pending
        .get(ev.requestId)
        ?.reject(new IpcFailure(ev.code === 'NO_CHECKPOINT' ? 'not-found' : 'internal', ev.message))
    } else if ('runId' in ev && ev.runId !== undefined) {
      const run = runFor(ev.runId)
      if (run) onRunEvent(run, ev)
    } else if (ev.type === 'failed' && launching) {
      // A start refused before the host named the run (BAD_CONFIG, BUSY).
      const run = launching
      launching = null
      onRunEvent(run, ev)
    }
  }

  const onRunEvent = (run: Run, ev: HostEvent): void => {
    const { runId } = run.summary
    switch (ev.type) {
      case 'progress':
        backend = ev.backend
        o.broadcast('train:progress', progressDto(runId, run.summary.epochs, ev))
        break
      case 'checkpoint': {
        const entry = checkpointEntry(ev)
        const checkpoints = withCheckpoint(run.summary.checkpoints, entry)
        update(run, { checkpoint: ev.path, epochsDone: ev.epoch, checkpoints })
        o.broadcast('train:checkpoint', { runId, ...entry })
        break
      }
      case 'epochEnd': {
        run.band ??= createBandSource(run.config, o.libraryDir)
        const { epoch, phase, songLength, validationLoss, metrics, reference, sampleMidi } = ev
        void run
          .band(songLength)
          .catch(() => null)
          .then((referenceBand) =>
            o.broadcast('train:epoch', {
              runId,
              epoch,
              phase,
              songLength,
              validationLoss,
              metrics,
              reference,
              referenceBand,
              sampleMidi,
            }),
          )
        break
      }
      case 'paused':
        update(run, { paused: true })
        o.broadcast('train:paused', { runId, paused: true })
        break
      case 'rollback':
        o.broadcast('train:rollback', {
          runId,
          epoch: ev.epoch,
          restoredEpoch: ev.restoredEpoch,
          reason: ev.reason,
        })
        break
      case 'finished':
      case 'stopped': {
        const stopped = ev.type === 'stopped'
        update(run, {
          paused: false,
          state: stopped ? 'stopped' : 'finished',
          checkpoint: ev.checkpointPath ?? run.summary.checkpoint,
        })
        if (active === run) active = null
        o.broadcast('train:finished', { runId, stopped, checkpoint: run.summary.checkpoint })
        break
      }
      case 'failed':
        update(run, { state: 'failed' })
        if (active === run) active = null
        o.broadcast('train:failed', {
          runId,
          code: ev.code,
          message: ev.message,
          canResume: run.summary.checkpoint !== null,
        })
        break
    }
  }

  const onExit = (dead: HostTransport, code: number | null): void => {
    if (host !== dead) return
    host = null
    backend = 'stopped'
    for (const [, p] of pending)
      p.reject(new IpcFailure('trainer-crashed', `the training engine exited (code ${code})`))
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
    launching = run
    update(run, { state: 'running', paused: false })
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
      if (active)
        throw new IpcFailure('busy', `run '${active.summary.runId}' is still training; stop it first`)
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
      const summary: RunSummary = {
        runId,
        datasetId: req.datasetId,
        state: 'running',
        epochsDone: 0,
        epochs: req.epochs,
        checkpoint: null,
        preset: req.preset,
        seed: req.seed,
        paused: false,
        checkpoints: [],
      }
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
      const run = await findRun(runId)
      if (runId === STARTER_RUN_ID)
        throw new IpcFailure('invalid-request', 'the starter model is read-only; start a new run instead')
      if (active) throw new IpcFailure('busy', `run '${active.summary.runId}' is still training`)
      launch(run)
      return { runId }
    },
    async list() {
      const disk = (await diskRuns()).filter((r) => !runs.has(r.summary.runId))
      // This session's runs list what is on disk now: their in-memory list keeps every checkpoint ever saved.
      const mine = await Promise.all(
        [...runs.values()].map(async (r) => ({
          ...r.summary,
          checkpoints: await existingCheckpoints(r.runDir).catch(() => r.summary.checkpoints),
        })),
      )
      return [...disk.map((r) => r.summary), ...mine]
    },
    async pause(runId) {
      if (!active || active.summary.runId !== runId || active.summary.paused) return { paused: false }
      host?.send({ type: 'pause' })
      return { paused: true }
    },
    async continueRun(runId) {
      if (!active || active.summary.runId !== runId || !active.summary.paused) return { continued: false }
      host?.send({ type: 'resume' })
      update(active, { paused: false })
      o.broadcast('train:paused', { runId, paused: false })
      return { continued: true }
    },
    presets: async () => presetInfos(),
    async sample(req): Promise<GeneratedPhrases> {
      const { runId, count, seed, steps } = req
      const run = await findRun(runId)
      const ref = req.checkpoint ?? 'latest'
      // Checked here so a checkpoint that vanished gets a plain sentence, not the engine's error with its path.
      if (!pickCheckpoint(await existingCheckpoints(run.runDir).catch(() => []), ref))
        throw new IpcFailure('not-found', missingCheckpoint(runId, ref))
      const requestId = randomBytes(6).toString('hex')
      const result = await new Promise<SampleResultEvent>((resolve, reject) => {
        pending.set(requestId, { resolve, reject })
        ensureHost().send({
          type: 'sample',
          requestId,
          runDir: run.runDir,
          checkpoint: ref,
          seed,
          count,
          length: steps ?? run.config.data.maxLength,
          noiseScale: req.noiseScale ?? 1,
          dropout: true,
          prefixLockSteps: req.prefixLockSteps,
          tailSeed: req.tailSeed,
          primer: req.primer ? { song: primerSong(req.primer) } : undefined,
          rank: req.rank,
          // The starter ships without its training data, so there is nothing to check memorisation against.
          memorisation: runId === STARTER_RUN_ID ? false : req.memorisation,
        })
      })
        .catch((err: unknown) => {
          // Deleted between the check and the engine's read: the same plain sentence.
          if (err instanceof IpcFailure && /no checkpoint|ENOENT/.test(err.message))
            throw new IpcFailure('not-found', missingCheckpoint(runId, ref))
          throw err
        })
        .finally(() => pending.delete(requestId))
      const phrases = result.candidates.map((c) => ({
        song: c.song,
        midi: c.midi,
        seed: c.seed,
        score: c.score,
        index: c.index,
        memorisation: c.memorisation,
      }))
      return { runId, checkpointEpoch: result.checkpointEpoch, phrases }
    },
    backend: () => backend,
    /** Starts the host now so the backend is known (and tfjs loaded) before the first run. */
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
