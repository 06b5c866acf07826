// What a training run holds besides its resumable state: the songs split and moved to model space, the epoch
// windows, the optimisers, the reference and evaluation of the samples, the run folder's state and the meter; and
// what the trainer's epoch step says of one epoch.
import type { CrnnGan } from '../model/types'
import { epochWindows, splitSongs, type EpochWindows, type SongCells } from './batching'
import { songLengthAt } from './curriculum'
import { EpochEvaluator, ReferenceMetrics } from './evaluation'
import { toModelSpace } from './features'
import { NetOptimizer } from './optim'
import { ProgressMeter } from './progress'
import { RunState } from './runState'
import { TrainingError, type TrainerOptions } from './trainerOptions'
import { featureCount } from '../../common/crnngan/cells'

/** What a run holds besides its state: the data in model space, the optimisers, the evaluators. */
export interface RunContext {
  readonly train: readonly SongCells[]
  readonly validation: readonly SongCells[]
  /** Values per cell in model space (may be more than the raw cells': the fifths circle). */
  readonly Fm: number
  readonly windowsAt: (epoch: number, T: number) => EpochWindows
  readonly reference: ReferenceMetrics
  readonly evaluator: EpochEvaluator
  readonly optG: NetOptimizer
  readonly optD: NetOptimizer
  readonly rs: RunState
  readonly meter: ProgressMeter
}

/** One epoch's batches: all done (or ended early by freezing), a stop, or a non-finite loss/weights to roll back. */
export type EpochOutcome =
  | { readonly end: 'done' | 'stopped' }
  | { readonly end: 'nonFinite'; readonly what: 'losses' | 'weights'; readonly reason: string }

/** One epoch as `#step` sees it. */
export interface Epoch {
  readonly epoch: number
  readonly T: number
  readonly phase: 'pretrain' | 'adversarial'
  readonly windows: EpochWindows
  /** Batches this epoch. */
  readonly nb: number
}

/** The run's data in model space, its optimisers and evaluators; refuses data short of one batch. */
export function prepareRun(o: TrainerOptions, model: CrnnGan): RunContext {
  const { config, emit, runId } = o
  const F = featureCount(config.model.tonesPerCell)
  const fixed = o.validationSongs
  const split = fixed
    ? { train: splitSongs(o.songs, F, 0, config.seed).train, validation: fixed }
    : splitSongs(o.songs, F, config.data.validationFraction, config.seed)
  const toModel = (s: SongCells): SongCells => ({
    name: s.name,
    cells: toModelSpace(s.cells, F, config.model.features),
  })
  const train = split.train.map(toModel)
  const Fm = model.spec.features
  const B = config.data.batchSize
  const windowsAt = (epoch: number, T: number) => epochWindows(train, Fm, T, config.seed, epoch, config.data)
  const firstT = songLengthAt(config, 0)
  if (Math.floor(windowsAt(0, firstT).song.length / B) === 0)
    throw new TrainingError(
      'NO_DATA',
      `${train.length} training songs is fewer than one batch of ${B} (windows of ${firstT} events)`,
    )
  const optG = new NetOptimizer(config.optim.kind, config.optim.lrG, config.optim.beta1)
  const optD = new NetOptimizer(config.optim.kind, config.optim.lrD, config.optim.beta1)
  const warn = (message: string): void => emit({ type: 'warning', runId, message })
  return {
    train,
    validation: split.validation.map(toModel),
    Fm,
    windowsAt,
    reference: new ReferenceMetrics(config, split.train),
    evaluator: new EpochEvaluator(config, split.train),
    optG,
    optD,
    rs: new RunState(o.runDir, config, model, optG, optD, warn),
    meter: new ProgressMeter(),
  }
}
