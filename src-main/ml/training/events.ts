// What a training run reports as it goes (the Trainer's own events; the host protocol sends them unchanged, beside
// its own ready / failed / sampleResult). Plain structured-clone-able data.
import type { EpochEvaluationDto } from '../../common/ipc/training'
import type { SixMetrics } from '../../common/metrics/sixMetrics'
import type { RollbackCause } from '../../common/ipc/training'

/** Throttled (≤ 10/s) training progress. Losses are those of the latest batch, reg term included. */
export interface ProgressEvent {
  readonly type: 'progress'
  readonly runId: string
  readonly epoch: number
  /** Batch index within the epoch, 0-based. */
  readonly step: number
  readonly stepsPerEpoch: number
  readonly phase: 'pretrain' | 'adversarial'
  readonly dLoss: number
  /** Standard non-saturating L_G (+ reg). */
  readonly gLoss: number
  /** Feature-matching G loss (+ reg), NaN when not used. */
  readonly gLossFeatureMatching: number
  /** Teacher-forced MSE (+ reg) in the pretraining / MLE phase. */
  readonly mseLoss?: number
  readonly freezeD: boolean
  readonly freezeG: boolean
  readonly stepsPerSecond: number
  /** Estimated seconds to the end of the run. */
  readonly etaSeconds: number
  readonly backend: string
  /** Cells per sequence this epoch (curriculum). */
  readonly songLength: number
}

export interface EpochEndEvent {
  readonly type: 'epochEnd'
  readonly runId: string
  readonly epoch: number
  readonly phase: 'pretrain' | 'adversarial'
  readonly songLength: number
  /** Teacher-forced MSE (+ reg) on the validation songs, every phase (comparable across epochs); NaN if none. */
  readonly validationLoss: number
  /** Six metrics of this epoch's samples (batch means; empty samples skipped). */
  readonly metrics: SixMetrics
  /** The dataset's reference metrics over real windows of the same length. */
  readonly reference: SixMetrics
  /** MIDI bytes of the first sample. */
  readonly sampleMidi: Uint8Array
  /** Evaluation protocol (summary score + components) of this epoch's samples vs the reference windows. */
  readonly evaluation: EpochEvaluationDto | null
}

export interface CheckpointEvent {
  readonly type: 'checkpoint'
  readonly runId: string
  /** Epochs completed when saved. */
  readonly epoch: number
  /** Batches done in epoch `epoch` when saved: 0 at an epoch's end, > 0 when saved mid-epoch (pause, stop). */
  readonly step: number
  readonly globalStep: number
  readonly path: string
  readonly reason: 'periodic' | 'pause' | 'stop' | 'final'
  readonly isBest: boolean
  readonly validationLoss: number
}

export interface PausedEvent {
  readonly type: 'paused'
  readonly runId: string
  readonly epoch: number
  readonly step: number
}
export interface StoppedEvent {
  readonly type: 'stopped'
  readonly runId: string
  readonly epoch: number
  readonly checkpointPath: string | null
}
export interface FinishedEvent {
  readonly type: 'finished'
  readonly runId: string
  readonly epochs: number
  readonly checkpointPath: string | null
}

/**
 * NaN/Inf was seen (`cause` 'nonFinite'), or the collapse guard fired ('collapse'): the run went back to
 * `checkpointPath` and continues with halved learning rates.
 */
export interface RollbackEvent {
  readonly type: 'rollback'
  readonly runId: string
  /** Epoch during which the non-finite value appeared, or whose end found the collapse. */
  readonly epoch: number
  readonly cause: RollbackCause
  readonly step: number
  readonly reason: string
  readonly checkpointPath: string
  readonly restoredEpoch: number
  readonly lrG: number
  readonly lrD: number
}

/**
 * Something was repaired or passed over, e.g. a damaged checkpoint skipped for the newest valid one (the message
 * names its folder and why), or a temp folder left by a crash removed. The run or request goes on.
 */
export interface WarningEvent {
  readonly type: 'warning'
  readonly runId?: string
  readonly requestId?: string
  readonly message: string
}

/** Every event a Trainer emits. */
export type TrainerEvent =
  | ProgressEvent
  | EpochEndEvent
  | CheckpointEvent
  | PausedEvent
  | StoppedEvent
  | FinishedEvent
  | RollbackEvent
  | WarningEvent
