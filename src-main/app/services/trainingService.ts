// TrainingService over a transport-agnostic engine host: Electron forks a utilityProcess, the test bridge a
// worker_thread; both hand us a HostTransport. Maps host events to IPC events, survives a host crash
// ('trainer-crashed', resume from the last checkpoint) and turns sample replies into Promises.
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import type { GeneratedPhrases, RunSummary, StartFromDto, TrainStartRequest } from '@common/ipc/training'
import { HOST_TO_IPC, type HostErrorCode } from '@common/ipc/engineErrors'
import { IpcFailure } from '@common/ipc/result'
import { isShippedModel, runLabel, SHIPPED_MODELS } from '@common/models/shipped'
import { releaseOwnLock } from '../../ml/checkpoints/runLock'
import { makeConfig } from '../../ml/config/presets'
import type { TrainConfig } from '../../ml/config/trainConfig'
import type { HostEvent, HostRequest, SampleResultEvent, StartRequest } from '../../ml/host/protocol'
import { exportRunArchive, importRunArchive, RunArchiveError } from '../../ml/transfer/index'
import type { Broadcast } from '../ipc/handlers'
import type { TrainingService } from '../ipc/services'
import { fineTunePlan, fineTunePresetInfo, type FineTuneSource } from './fineTune'
import { checkpointEntry, primerSong, progressDto, withCheckpoint } from './hostDtos'
import { readModelCard } from './modelCards'
import { createBandSource, type MetricBand } from './referenceBand'
import {
  existingCheckpoints,
  missingCheckpoint,
  pickCheckpoint,
  presetInfos,
  readDiskRuns,
  readRun,
  shippedRuns,
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
  /** Told which backend the engine picked and why (`crnngan serve` prints it). */
  readonly log?: (line: string) => void
}

interface Run {
  summary: RunSummary
  readonly runDir: string
  readonly config: TrainConfig
  /** p10–p90 of the reference windows per song length (computed lazily in main). */
  band?: (length: number) => Promise<MetricBand | null>
  /** `train:epoch` broadcasts still waiting for their band, chained so they stay in order. */
  epochsPending?: { count: number; chain: Promise<void> }
}

/** A sample request the engine refused, with its code; `sample` turns it into the IPC failure the window reads. */
class EngineRefusal extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message)
  }
}

type Pending = { resolve: (v: SampleResultEvent) => void; reject: (e: unknown) => void; runId: string }

/** How long quitting waits for the stop checkpoint before it ends the engine anyway. */
export const QUIT_SAVE_TIMEOUT_MS = 15_000

/** What quitting did about a training run: nothing was training, the checkpoint was saved, or the wait ran out. */
export type QuitSave = 'idle' | 'saved' | 'timeout'

/** Builds the service; on quit call `stopForQuit()` (checkpoint first, bounded wait), then `dispose()`. */
export function createTrainingService(o: TrainingServiceOptions): TrainingService & {
  dispose(): void
  warmUp(): void
  readonly training: boolean
  stopForQuit(timeoutMs?: number): Promise<QuitSave>
} {
  let host: HostTransport | null = null
  let backend = 'starting'
  let active: Run | null = null
  const runs = new Map<string, Run>()
  const pending = new Map<string, Pending>()
  // The shipped models are materialised beside the runs (not among them: they are no training runs of ours).
  const starterCache = join(dirname(o.runsDir), 'starter-cache')
  /** Runs on disk: the shipped models this build has (the default first), then earlier sessions' runs. */
  const diskRuns = async (): Promise<DiskRun[]> => [
    ...(await shippedRuns(starterCache)),
    ...(await readDiskRuns(o.runsDir)),
  ]
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

  /** Called once the active run has ended (stopped, finished, failed, or its host died). */
  let onRunEnded: (() => void)[] = []
  const ended = (): void => {
    const waiting = onRunEnded
    onRunEnded = []
    for (const f of waiting) f()
  }

  const update = (run: Run, patch: Partial<RunSummary>): void => {
    run.summary = { ...run.summary, ...patch }
  }

  const onEvent = (ev: HostEvent): void => {
    if (ev.type === 'ready') {
      backend = ev.backend
      o.log?.(`engine backend: ${backend}${ev.reason ? ` (${ev.reason})` : ''}`)
      o.broadcast('engine:ready', { backend })
    } else if (ev.type === 'sampleResult') pending.get(ev.requestId)?.resolve(ev)
    else if (ev.type === 'failed' && ev.requestId !== undefined) {
      pending.get(ev.requestId)?.reject(new EngineRefusal(ev.code, ev.message))
    } else if (ev.type === 'warning') {
      // The damaged checkpoint skipped (or the temp folder removed) is worth a line in the log and a notice.
      console.warn(`training engine: ${ev.message}`)
      const run = ev.runId === undefined ? undefined : runs.get(ev.runId)
      const sampled = ev.requestId === undefined ? undefined : pending.get(ev.requestId)?.runId
      o.broadcast('train:notice', { runId: run?.summary.runId ?? sampled ?? null, message: ev.message })
    } else if ('runId' in ev && ev.runId !== undefined) {
      // The start request named the run, so every event of it carries our id.
      const run = runs.get(ev.runId)
      if (run) onRunEvent(run, ev)
    } else if (ev.type === 'failed') {
      // Neither a run's nor a request's: a message the engine could not read at all (a bug of ours, not the user's).
      console.warn(`training engine refused a request (${ev.code}): ${ev.message}`)
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
        const { epoch, phase, songLength, validationLoss, metrics, reference, sampleMidi, evaluation } = ev
        const queue = (run.epochsPending ??= { count: 0, chain: Promise.resolve() })
        const band = run.band
        queue.count++
        queue.chain = queue.chain
          .then(() => band(songLength))
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
              evaluation,
            }),
          )
          .finally(() => void queue.count--)
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
        const finished = { runId, stopped, checkpoint: run.summary.checkpoint }
        // After the run's last `train:epoch`: the screen judges a finished run by its last epoch's samples.
        const queue = run.epochsPending
        if (queue && queue.count > 0) void queue.chain.then(() => o.broadcast('train:finished', finished))
        else o.broadcast('train:finished', finished)
        ended()
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
        ended()
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
      // A host in a worker thread of this process leaves a lock naming our live pid: it is dead, so free the run.
      releaseOwnLock(run.runDir)
      update(run, { state: 'failed' })
      o.broadcast('train:failed', {
        runId: run.summary.runId,
        code: 'trainer-crashed',
        message: `the training engine stopped unexpectedly (exit code ${code})`,
        canResume: run.summary.checkpoint !== null,
      })
    }
    ended()
  }

  const ensureHost = (): HostTransport => {
    if (host) return host
    const h = o.spawn()
    host = h
    h.onMessage(onEvent)
    h.onExit((code) => onExit(h, code))
    return h
  }

  /** Starts (or resumes) `run` in the host; `startFrom` = the source of a new fine-tuning run. */
  const launch = (run: Run, startFrom?: StartRequest['startFrom']): void => {
    active = run
    update(run, { state: 'running', paused: false })
    ensureHost().send({
      type: 'start',
      runId: run.summary.runId,
      config: run.config,
      runDir: run.runDir,
      datasetId: run.summary.datasetId,
      libraryDir: o.libraryDir,
      backend: o.backend,
      ...(startFrom ? { startFrom } : {}),
    })
  }

  /** The run or shipped model a fine-tuning run starts from, with its checkpoints on disk. */
  const fineTuneSource = async (from: StartFromDto): Promise<FineTuneSource> => {
    const run = await findRun(from.run).catch((err: unknown) => {
      if (!(err instanceof IpcFailure) || err.code !== 'not-found') throw err
      const shipped = SHIPPED_MODELS.map((m) => m.name).join(', ')
      throw new IpcFailure(
        'not-found',
        `cannot fine-tune '${from.run}': there is no training run or shipped model of that name (the shipped ones are named ${shipped}; this build has those listed under Runs)`,
      )
    })
    if (active === run)
      throw new IpcFailure('busy', `${runLabel(from.run)} is still training; stop it before fine-tuning it`)
    const checkpoints = await existingCheckpoints(run.runDir).catch(() => [])
    return { runId: run.summary.runId, runDir: run.runDir, config: run.config, checkpoints }
  }

  return {
    async start(req: TrainStartRequest) {
      if (active)
        throw new IpcFailure('busy', `run '${active.summary.runId}' is still training; stop it first`)
      let config: TrainConfig
      let startFrom: StartRequest['startFrom']
      if (req.startFrom) {
        const plan = fineTunePlan(await fineTuneSource(req.startFrom), req.startFrom.checkpoint ?? 'latest', {
          epochs: req.epochs,
          seed: req.seed,
          datasetId: req.datasetId,
          overrides: nest(req.options ?? {}),
        })
        config = plan.config
        startFrom = plan.host
      } else
        try {
          config = makeConfig(req.preset ?? '', {
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
        preset: config.preset,
        seed: req.seed,
        paused: false,
        checkpoints: [],
        startFrom: config.startFrom,
      }
      const run: Run = { summary, runDir: join(o.runsDir, runId), config }
      runs.set(runId, run)
      launch(run, startFrom)
      return { runId }
    },
    async stop(runId) {
      if (!active || active.summary.runId !== runId) return { stopped: false }
      host?.send({ type: 'stop' })
      return { stopped: true }
    },
    async resume(runId, datasetId) {
      const run = await findRun(runId)
      if (isShippedModel(runId))
        throw new IpcFailure(
          'invalid-request',
          `the ${runLabel(runId)} is read-only; start a new run from it instead (Start from in New run)`,
        )
      if (active) throw new IpcFailure('busy', `run '${active.summary.runId}' is still training`)
      if (datasetId !== undefined) update(run, { datasetId })
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
    async fineTunePreset(from) {
      const source = await fineTuneSource(from)
      return fineTunePresetInfo(source, fineTunePlan(source, from.checkpoint ?? 'latest'))
    },
    modelCard: (name) => readModelCard(name),
    async sample(req): Promise<GeneratedPhrases> {
      const { runId, count, seed, length } = req
      const run = await findRun(runId)
      const ref = req.checkpoint ?? 'latest'
      const onDisk = async (): Promise<boolean> =>
        pickCheckpoint(await existingCheckpoints(run.runDir).catch(() => []), ref) !== undefined
      // Checked here so a checkpoint that vanished gets a plain sentence, not the engine's error with its path.
      if (!(await onDisk())) throw new IpcFailure('not-found', missingCheckpoint(runId, ref))
      const requestId = randomBytes(6).toString('hex')
      const result = await new Promise<SampleResultEvent>((resolve, reject) => {
        pending.set(requestId, { resolve, reject, runId })
        ensureHost().send({
          type: 'sample',
          requestId,
          runDir: run.runDir,
          checkpoint: ref,
          seed,
          count,
          length,
          noiseScale: req.noiseScale,
          prefixLockSteps: req.prefixLockSteps,
          tailSeed: req.tailSeed,
          primer: req.primer ? { song: primerSong(req.primer) } : undefined,
          rank: req.rank,
          // A shipped model comes without its training data, so there is nothing to check memorisation against.
          memorisation: isShippedModel(runId) ? false : req.memorisation,
          // The window reads the songs only (it writes MIDI itself when exporting).
          outputs: ['song'],
        })
      })
        .catch(async (err: unknown) => {
          if (!(err instanceof EngineRefusal)) throw err
          // Deleted between the check and the engine's read: the same plain sentence (a damaged one: the engine's).
          if (err.code === 'NO_CHECKPOINT' && !(await onDisk()))
            throw new IpcFailure('not-found', missingCheckpoint(runId, ref))
          throw new IpcFailure(HOST_TO_IPC[err.code], err.message)
        })
        .finally(() => pending.delete(requestId))
      const phrases = result.candidates.map(({ song, ...c }) => {
        if (!song) throw new IpcFailure('internal', 'the engine answered without the songs it was asked for')
        return { song, seed: c.seed, score: c.score, index: c.index, memorisation: c.memorisation }
      })
      return { runId, checkpointEpoch: result.checkpointEpoch, phrases }
    },
    backend: () => backend,
    async exportRun(runId, checkpoints, path) {
      const run = await findRun(runId)
      try {
        const r = await exportRunArchive(run.runDir, path, { checkpoints, name: runId })
        return { path: r.path, bytes: r.bytes, checkpoints: [...r.checkpoints] }
      } catch (err) {
        const msg = (err as Error).message
        throw new IpcFailure(/has no checkpoint/.test(msg) ? 'not-found' : 'io-error', msg)
      }
    },
    async importRun(path) {
      let runDir: string
      let name: string
      try {
        ;({ runDir, name } = await importRunArchive(path, o.runsDir, { label: basename(path) }))
      } catch (err) {
        if (err instanceof RunArchiveError) throw new IpcFailure('parse-error', err.message)
        throw new IpcFailure('io-error', `cannot import '${basename(path)}': ${(err as Error).message}`)
      }
      const disk = await readRun(runDir, name)
      if (!disk) throw new IpcFailure('internal', `imported run '${name}' cannot be read back`)
      return disk.summary
    },
    /** Starts the host now so the backend is known (and tfjs loaded) before the first run. */
    warmUp: () => void ensureHost(),
    get training() {
      return active !== null && host !== null
    },
    /**
     * Quitting: asks the host to stop the active run, which saves a checkpoint at the next batch boundary (also
     * when paused), tells the window, and waits for the run to end, at most `timeoutMs`.
     */
    async stopForQuit(timeoutMs = QUIT_SAVE_TIMEOUT_MS): Promise<QuitSave> {
      const run = active
      if (!run || !host) return 'idle'
      const done = new Promise<'saved'>((resolve) => onRunEnded.push(() => resolve('saved')))
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
      )
      o.broadcast('app:quitting', { runId: run.summary.runId, timeoutSeconds: Math.ceil(timeoutMs / 1000) })
      host.send({ type: 'stop' })
      const outcome = await Promise.race([done, late])
      clearTimeout(timer)
      return outcome
    },
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
