// TrainingService over a transport-agnostic engine host: Electron forks a utilityProcess, the test bridge a
// worker_thread; both hand us a HostTransport. The parts: the line to the host (engineConnection.ts), the runs it
// knows (runRegistry.ts) and engine events in the window's terms (runEvents.ts); here, the IPC requests.
import { join } from 'node:path'
import type { GeneratedPhrases, StartFromDto, TrainStartRequest } from '@common/ipc/training'
import { HOST_TO_IPC } from '@common/ipc/engineErrors'
import { IpcFailure } from '@common/ipc/result'
import { isShippedModel, runLabel, SHIPPED_MODELS } from '@common/models/shipped'
import type { TrainConfig } from '../../ml/config/trainConfig'
import type { StartRequest } from '../../ml/host/protocol'
import type { Broadcast } from '../ipc/handlers'
import type { TrainingService } from '../ipc/services'
import { connectEngine, EngineRefusal, type HostTransport } from './engineConnection'
import { fineTunePlan, fineTunePresetInfo, type FineTuneSource } from './fineTune'
import { nest, newRunSummary, presetConfig } from './newRun'
import { primerSong } from './hostDtos'
import { readModelCard } from './modelCards'
import { exportRun, importRun } from './runArchives'
import { existingCheckpoints, missingCheckpoint, pickCheckpoint, presetInfos } from './runCatalog'
import { createRunEvents } from './runEvents'
import { createRunRegistry, type Run } from './runRegistry'

export type { HostTransport }

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
  const runs = createRunRegistry(o.runsDir)
  // The events need the connection (a sample's warnings) and the connection the events: tied through `engine`.
  const events = createRunEvents({
    runs,
    broadcast: o.broadcast,
    libraryDir: o.libraryDir,
    runOfRequest: (id) => engine.runOfRequest(id),
  })
  const engine = connectEngine({
    spawn: o.spawn,
    broadcast: o.broadcast,
    log: o.log,
    onEvent: events.onEvent,
    onExit: events.onHostExit,
  })

  /** Starts (or resumes) `run` in the host; `startFrom` = the source of a new fine-tuning run. */
  const launch = (run: Run, startFrom?: StartRequest['startFrom']): void => {
    runs.active = run
    runs.update(run, { state: 'running', paused: false })
    engine.send({
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
    const run = await runs.find(from.run).catch((err: unknown) => {
      if (!(err instanceof IpcFailure) || err.code !== 'not-found') throw err
      const shipped = SHIPPED_MODELS.map((m) => m.name).join(', ')
      throw new IpcFailure(
        'not-found',
        `cannot fine-tune '${from.run}': there is no training run or shipped model of that name (the shipped ones are named ${shipped}; this build has those listed under Runs)`,
      )
    })
    if (runs.active === run)
      throw new IpcFailure('busy', `${runLabel(from.run)} is still training; stop it before fine-tuning it`)
    const checkpoints = await existingCheckpoints(run.runDir).catch(() => [])
    return { runId: run.summary.runId, runDir: run.runDir, config: run.config, checkpoints }
  }

  return {
    async start(req: TrainStartRequest) {
      const { active } = runs
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
      } else config = presetConfig(req)
      const summary = newRunSummary(req, config)
      const run: Run = { summary, runDir: join(o.runsDir, summary.runId), config }
      runs.add(run)
      launch(run, startFrom)
      return { runId: summary.runId }
    },
    async stop(runId) {
      if (runs.active?.summary.runId !== runId) return { stopped: false }
      engine.sendIfUp({ type: 'stop' })
      return { stopped: true }
    },
    async resume(runId, datasetId) {
      const run = await runs.find(runId)
      if (isShippedModel(runId))
        throw new IpcFailure(
          'invalid-request',
          `the ${runLabel(runId)} is read-only; start a new run from it instead (Start from in New run)`,
        )
      const { active } = runs
      if (active) throw new IpcFailure('busy', `run '${active.summary.runId}' is still training`)
      if (datasetId !== undefined) runs.update(run, { datasetId })
      launch(run)
      return { runId }
    },
    list: () => runs.list(),
    async pause(runId) {
      const { active } = runs
      if (!active || active.summary.runId !== runId || active.summary.paused) return { paused: false }
      engine.sendIfUp({ type: 'pause' })
      return { paused: true }
    },
    async continueRun(runId) {
      const { active } = runs
      if (!active || active.summary.runId !== runId || !active.summary.paused) return { continued: false }
      engine.sendIfUp({ type: 'resume' })
      runs.update(active, { paused: false })
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
      const run = await runs.find(runId)
      const ref = req.checkpoint ?? 'latest'
      const onDisk = async (): Promise<boolean> =>
        pickCheckpoint(await existingCheckpoints(run.runDir).catch(() => []), ref) !== undefined
      // Checked here so a checkpoint that vanished gets a plain sentence, not the engine's error with its path.
      if (!(await onDisk())) throw new IpcFailure('not-found', missingCheckpoint(runId, ref))
      const result = await engine
        .sample(
          {
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
          },
          runId,
        )
        .catch(async (err: unknown) => {
          if (!(err instanceof EngineRefusal)) throw err
          // Deleted between the check and the engine's read: the same plain sentence (a damaged one: the engine's).
          if (err.code === 'NO_CHECKPOINT' && !(await onDisk()))
            throw new IpcFailure('not-found', missingCheckpoint(runId, ref))
          throw new IpcFailure(HOST_TO_IPC[err.code], err.message)
        })
      const phrases = result.candidates.map(({ song, ...c }) => {
        if (!song) throw new IpcFailure('internal', 'the engine answered without the songs it was asked for')
        return { song, seed: c.seed, score: c.score, index: c.index, memorisation: c.memorisation }
      })
      return { runId, checkpointEpoch: result.checkpointEpoch, phrases }
    },
    backend: () => engine.backend,
    exportRun: async (runId, checkpoints, path) => exportRun(await runs.find(runId), checkpoints, path),
    importRun: (path) => importRun(path, o.runsDir),
    /** Starts the host now so the backend is known (and tfjs loaded) before the first run. */
    warmUp: () => engine.warmUp(),
    get training() {
      return runs.active !== null && engine.up
    },
    /**
     * Quitting: asks the host to stop the active run, which saves a checkpoint at the next batch boundary (also
     * when paused), tells the window, and waits for the run to end, at most `timeoutMs`.
     */
    async stopForQuit(timeoutMs = QUIT_SAVE_TIMEOUT_MS): Promise<QuitSave> {
      const run = runs.active
      if (!run || !engine.up) return 'idle'
      const done = new Promise<'saved'>((resolve) => runs.whenEnded(() => resolve('saved')))
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
      )
      o.broadcast('app:quitting', { runId: run.summary.runId, timeoutSeconds: Math.ceil(timeoutMs / 1000) })
      engine.send({ type: 'stop' })
      const outcome = await Promise.race([done, late])
      clearTimeout(timer)
      return outcome
    },
    dispose: () => engine.dispose(),
  }
}
