// Trains one run in this process for a wall-clock budget (the ablations, the fine-tuning experiment, the quick
// preset's figures): the same Trainer the app uses, stopped by an AbortSignal when the budget ends (a checkpoint is
// saved), with the wall time, steps and load average recorded.
import { loadavg } from 'node:os'
import { selectBackend } from '../../src-main/ml/backend/index'
import type { NamedArray } from '../../src-main/ml/checkpoints/binary'
import type { TrainConfig } from '../../src-main/ml/config/trainConfig'
import type { SongCells } from '../../src-main/ml/training/batching'
import { Trainer } from '../../src-main/ml/training/trainer'

/** What a timed run records. */
export interface TimedRun {
  readonly budgetSeconds: number
  readonly wallSeconds: number
  /** Optimizer steps taken (global step of the last checkpoint). */
  readonly steps: number
  readonly epochs: number
  /** os.loadavg() at the start and the end (1, 5, 15 min). */
  readonly loadStart: number[]
  readonly loadEnd: number[]
  readonly backend: string
  readonly startedAt: string
}

/** Options of {@link timedTrain}. */
export interface TimedTrainOptions {
  readonly config: TrainConfig
  readonly train: readonly SongCells[]
  readonly validation: readonly SongCells[]
  readonly runDir: string
  readonly budgetSeconds: number
  readonly initialWeights?: readonly NamedArray[]
  readonly log?: (line: string) => void
}

/** Trains (or resumes) until the budget ends or the config's epochs are done. */
export async function timedTrain(o: TimedTrainOptions): Promise<TimedRun> {
  const { backend } = await selectBackend({ prefer: 'wasm' })
  const abort = new AbortController()
  const loadStart = loadavg()
  const startedAt = new Date().toISOString()
  const t0 = Date.now()
  const timer = setTimeout(() => abort.abort(), o.budgetSeconds * 1000)
  let steps = 0
  let epochs = 0
  const trainer = new Trainer({
    config: o.config,
    songs: o.train,
    validationSongs: o.validation,
    runDir: o.runDir,
    runId: o.runDir,
    backend,
    signal: abort.signal,
    initialWeights: o.initialWeights,
    tool: 'timed training',
    emit: (e) => {
      if (e.type === 'checkpoint') [steps, epochs] = [e.globalStep, e.epoch]
      if (e.type === 'epochEnd')
        o.log?.(
          `[${((Date.now() - t0) / 1000).toFixed(0)}s] epoch ${e.epoch + 1} (${e.phase}, T=${e.songLength})`,
        )
      if (e.type === 'warning' || e.type === 'rollback') o.log?.(JSON.stringify(e))
    },
  })
  try {
    await trainer.run()
  } finally {
    clearTimeout(timer)
    trainer.dispose()
  }
  return {
    budgetSeconds: o.budgetSeconds,
    wallSeconds: (Date.now() - t0) / 1000,
    steps,
    epochs,
    loadStart,
    loadEnd: loadavg(),
    backend,
    startedAt,
  }
}
