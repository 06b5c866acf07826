// The runs the training service knows: this session's (by the id main gave them), the ones on disk (adopted when
// first asked for) and the shipped models; which one is training; and who waits for it to end.
import { dirname, join } from 'node:path'
import type { RunSummary } from '@common/ipc/training'
import { IpcFailure } from '@common/ipc/result'
import type { TrainConfig } from '../../ml/config/trainConfig'
import type { MetricBand } from './referenceBand'
import { existingCheckpoints, readDiskRuns, shippedRuns, type DiskRun } from './runCatalog'

/** One run as the service tracks it. */
export interface Run {
  summary: RunSummary
  readonly runDir: string
  readonly config: TrainConfig
  /** p10–p90 of the reference windows per song length (computed lazily in main). */
  band?: (length: number) => Promise<MetricBand | null>
  /** `train:epoch` broadcasts still waiting for their band, chained so they stay in order. */
  epochsPending?: { count: number; chain: Promise<void> }
}

/** The registry of {@link createRunRegistry}. */
export interface RunRegistry {
  /** The run in training, or null. */
  active: Run | null
  /** A run of this session by id. */
  get(runId: string): Run | undefined
  /** Adds a run of this session. */
  add(run: Run): void
  /** A run of this session, else one on disk (adopted); 'not-found' when neither has it. */
  find(runId: string): Promise<Run>
  /** Every run: those on disk not of this session, then this session's, with the checkpoints on disk now. */
  list(): Promise<RunSummary[]>
  /** Merges `patch` into the run's summary. */
  update(run: Run, patch: Partial<RunSummary>): void
  /** Calls `f` once the active run has ended. */
  whenEnded(f: () => void): void
  /** The active run has ended (stopped, finished, failed, or its host died): calls the waiting ones. */
  ended(): void
}

/** A registry over `runsDir`; the shipped models are materialised beside it, in `starter-cache`. */
export function createRunRegistry(runsDir: string): RunRegistry {
  const runs = new Map<string, Run>()
  // The shipped models are materialised beside the runs (not among them: they are no training runs of ours).
  const starterCache = join(dirname(runsDir), 'starter-cache')
  /** Runs on disk: the shipped models this build has (the default first), then earlier sessions' runs. */
  const diskRuns = async (): Promise<DiskRun[]> => [
    ...(await shippedRuns(starterCache)),
    ...(await readDiskRuns(runsDir)),
  ]
  let waiting: (() => void)[] = []

  return {
    active: null,
    get: (runId) => runs.get(runId),
    add: (run) => void runs.set(run.summary.runId, run),
    async find(runId) {
      const mine = runs.get(runId)
      if (mine) return mine
      const disk = (await diskRuns()).find((r) => r.summary.runId === runId)
      if (!disk) throw new IpcFailure('not-found', `no training run '${runId}'`)
      const run: Run = { summary: disk.summary, runDir: disk.runDir, config: disk.config }
      runs.set(runId, run)
      return run
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
    update(run, patch) {
      run.summary = { ...run.summary, ...patch }
    },
    whenEnded: (f) => void waiting.push(f),
    ended() {
      const now = waiting
      waiting = []
      for (const f of now) f()
    },
  }
}
