// What a Trainer is given (config, songs, run folder, event sink, stop signal, lock) and the error it fails with.
import type { NamedArray } from '../checkpoints/binary'
import type { RunLock } from '../checkpoints/runLock'
import type { TrainConfig } from '../config/trainConfig'
import type { TrainerEvent } from './events'
import type { CrnnGan } from '../model/types'
import type { SongCells } from './batching'
import type { FreezeDecision } from './freezing'

/** Thrown when training diverges repeatedly; `code` is the protocol's error code. */
export class TrainingError extends Error {
  constructor(
    readonly code: 'NO_DATA' | 'DIVERGED' | 'BAD_CONFIG',
    message: string,
  ) {
    super(message)
  }
}

/** Options of a Trainer. `songs` are raw cells ([n, F] row-major, spec units). */
export interface TrainerOptions {
  readonly config: TrainConfig
  readonly songs: readonly SongCells[]
  /** A fixed validation set (e.g. a held-out split kept piece-wise); when given, `songs` are all training songs. */
  readonly validationSongs?: readonly SongCells[]
  readonly runDir: string
  readonly runId: string
  readonly backend: string
  readonly emit: (e: TrainerEvent) => void
  /**
   * Fine-tuning: G and D weights to start from (a checkpoint's arrays, same model config) when the run folder has
   * no checkpoint yet; ignored when resuming.
   */
  readonly initialWeights?: readonly NamedArray[]
  /** Abort = stop: a checkpoint is saved at the next batch boundary. */
  readonly signal?: AbortSignal
  /** Who holds the run folder's lock, as another process trying it is told (default 'crnngan train'). */
  readonly tool?: string
  /** The run folder's lock, when the caller took it already (it is released when the run ends). */
  readonly lock?: RunLock
  /**
   * Instrumentation (tests): called after every step, before the next freezing decision, with the step's
   * [L_D, L_G, L_G(FM), MSE] (reg included) and the freezing decision it ran under.
   */
  readonly afterStep?: (ctx: {
    epoch: number
    step: number
    model: CrnnGan
    losses: readonly number[]
    freeze: FreezeDecision
  }) => void
}
