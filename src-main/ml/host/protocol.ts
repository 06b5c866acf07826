// Typed message protocol between a trainer host (worker thread or Electron utilityProcess) and its owner.
// Every message is structured-clone-able plain data: tensors travel as TensorPayload, MIDI as Uint8Array.
import type { TensorPayload } from '../../common/ipc/tensorPayload'
import type { HostErrorCode } from '../../common/ipc/engineErrors'
import type { SixMetrics } from '../../common/metrics/sixMetrics'
import type { CheckpointRef } from '../checkpoints/select'
import type { TrainConfig } from '../config/trainConfig'
import type { SampleCandidate, SampleOptions, SampleOutput, SampleOutputs } from '../sampling/sample'
import type { TrainerEvent } from '../training/events'

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
export type { CheckpointRef }

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

/**
 * Generate `count` sequences of `length` cells from a saved checkpoint: `sample`'s options (ml/sampling, where the
 * defaults are), with the memorisation check asked for by a flag (the host builds the index from the run's data).
 */
export interface SampleRequest extends Omit<SampleOptions<SampleOutput>, 'memorisation'> {
  readonly type: 'sample'
  /** Echoed in the `sampleResult` / `failed` reply. */
  readonly requestId: string
  /** Compute the memorisation figure against the run's training data. */
  readonly memorisation?: boolean
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

/** A training run's events are the Trainer's own, sent unchanged. */
export type * from '../training/events'

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

export type HostEvent = ReadyEvent | TrainerEvent | FailedEvent | SampleResultEvent

/** Host-side send function (postMessage / parentPort.postMessage); `transfer` lists buffers to move, not copy. */
export type HostSend = (event: HostEvent, transfer?: ArrayBuffer[]) => void
