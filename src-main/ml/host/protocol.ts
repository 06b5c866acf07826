// Typed message protocol between a trainer host (worker thread or Electron utilityProcess) and its owner.
// Every message is structured-clone-able plain data: tensors travel as TensorPayload, MIDI as Uint8Array.
import type { Song } from '../../common/music/song'
import type { TensorPayload } from '../../common/ipc/tensorPayload'
import type { HostErrorCode } from '../../common/ipc/engineErrors'
import type { EpochEvaluationDto } from '../../common/ipc/training'
import type { SixMetrics } from '../../common/metrics/sixMetrics'
import type { TrainConfig } from '../config/trainConfig'
import type { SampleCandidate, SampleOutput, SampleOutputs } from '../sampling/sample'

export type { TensorPayload }

/** Encoded training songs handed over directly: each `cells` is row-major [nCells, F] with F = 3·tonesPerCell + 1. */
export interface CellsData {
  readonly kind: 'cells'
  readonly tonesPerCell: number
  readonly songs: readonly { readonly name: string; readonly cells: Float32Array }[]
}

/** A folder of .mid/.midi files, parsed and encoded by the host. */
export interface FolderData {
  readonly kind: 'folder'
  readonly dir: string
}

/** Which checkpoint of a run: the newest, the best by validation loss, or the one saved after epoch N. */
export type CheckpointRef = 'latest' | 'best' | number

/** The six paper metrics (spec §5) as batch means: the IPC type too, so host reports reach the renderer unchanged. */
export type { SixMetrics }

// ---------------------------------------------------------------------------------------------------------------
// Requests (owner → host)

/** Start (or resume, when `runDir` holds checkpoints) a training run. Exactly one of `datasetId` / `data`. */
export interface StartRequest {
  readonly type: 'start'
  /**
   * The run's id, chosen by the owner (the app: its run id; the CLI: the run folder's name). Every event of this
   * run, `failed` included, carries it back, so the owner never has to guess which run an event belongs to.
   */
  readonly runId: string
  readonly config: TrainConfig
  readonly runDir: string
  /** Dataset in the library at `libraryDir` (read through the dataset cache). */
  readonly datasetId?: string
  readonly libraryDir?: string
  readonly data?: CellsData | FolderData
  /**
   * Fine-tuning: start from this run's checkpoint (G and D) instead of a fresh model. The config's model section
   * must equal the source's (use `fineTuneConfig`). Ignored when `runDir` already holds checkpoints (a resume).
   */
  readonly startFrom?: { readonly runDir: string; readonly checkpoint: CheckpointRef }
  /**
   * Informational only: the host picks its backend once, when it is created (worker: `workerData.prefer`; utility
   * process: the CRNNGAN_BACKEND environment variable), and reports it in `ready` and every `progress`.
   */
  readonly backend?: string
}

export interface PauseRequest {
  readonly type: 'pause'
}
export interface ResumeRequest {
  readonly type: 'resume'
}
/** Stop after the current batch; a checkpoint is saved, then `stopped` is sent. */
export interface StopRequest {
  readonly type: 'stop'
}

/** Generate `count` sequences of `length` cells from a saved checkpoint. */
export interface SampleRequest {
  readonly type: 'sample'
  /** Echoed in the `sampleResult` / `failed` reply. */
  readonly requestId: string
  readonly runDir: string
  readonly checkpoint: CheckpointRef
  readonly seed: number
  readonly count: number
  /** Cells per sequence; default: the run's training length (defaults: ml/sampling SAMPLE_DEFAULTS). */
  readonly length?: number
  /** Multiplies the uniform noise (1 = paper). */
  readonly noiseScale?: number
  /** Keep dropout on while sampling (true = faithful, spec §4.6). */
  readonly dropout?: boolean
  /** Partial reroll: keep the noise of the first k steps from `seed`, redraw the rest from `tailSeed`. */
  readonly prefixLockSteps?: number
  readonly tailSeed?: number
  /** Continuation: teacher-force these cells ([n, F] row-major) or this song, then free-run. */
  readonly primer?: { readonly cells: Float32Array } | { readonly song: Song }
  /** Score candidates with D (dropout off) and return them best first. */
  readonly rank?: boolean
  /** Compute the memorisation figure against the run's training data. */
  readonly memorisation?: boolean
  readonly pitchMode?: 'faithful' | 'corrected'
  /** What each candidate carries back (only these are computed and sent). */
  readonly outputs: readonly SampleOutput[]
}

/** Release tensors and end the host's message loop. */
export interface ShutdownRequest {
  readonly type: 'shutdown'
}

export type HostRequest =
  StartRequest | PauseRequest | ResumeRequest | StopRequest | SampleRequest | ShutdownRequest

// ---------------------------------------------------------------------------------------------------------------
// Events (host → owner)

export interface ReadyEvent {
  readonly type: 'ready'
  /** The tf backend actually in use, e.g. 'tensorflow', 'wasm', 'cpu'. */
  readonly backend: string
  /** Why it was chosen: which faster candidates were skipped and why (selectBackend's reason). */
  readonly reason?: string
}

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

/** Stable error codes (common/ipc/engineErrors.ts says what each means). */
export type { HostErrorCode }

export interface FailedEvent {
  readonly type: 'failed'
  readonly runId?: string
  /** Set when the failure answers a sample request. */
  readonly requestId?: string
  readonly code: HostErrorCode
  readonly message: string
}

/** NaN/Inf was seen: the run went back to `checkpointPath` and continues with lower learning rates. */
export interface RollbackEvent {
  readonly type: 'rollback'
  readonly runId: string
  /** Epoch during which the non-finite value appeared. */
  readonly epoch: number
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

export type { SampleOutput }

/** One generated candidate as sent: the outputs the request asked for are there, the others are not. */
export type SampleCandidateMessage = SampleCandidate<never> & Partial<SampleOutputs>

export interface SampleResultEvent {
  readonly type: 'sampleResult'
  readonly requestId: string
  /** Epoch of the checkpoint used. */
  readonly checkpointEpoch: number
  /** Ranked best first when `rank` was set, else in generation order. */
  readonly candidates: readonly SampleCandidateMessage[]
  /** Damaged checkpoints passed over for an older valid one (folder and reason each); empty normally. */
  readonly warnings?: readonly string[]
}

export type HostEvent =
  | ReadyEvent
  | ProgressEvent
  | EpochEndEvent
  | CheckpointEvent
  | PausedEvent
  | StoppedEvent
  | FinishedEvent
  | FailedEvent
  | RollbackEvent
  | WarningEvent
  | SampleResultEvent

/** Host-side send function (postMessage / parentPort.postMessage); `transfer` lists buffers to move, not copy. */
export type HostSend = (event: HostEvent, transfer?: ArrayBuffer[]) => void
