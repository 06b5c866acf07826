// The services the IPC handler table is built from. Injected, so the Electron shell and the test bridge run the
// SAME handlers over different shells (native dialogs vs test-supplied paths; utilityProcess vs worker thread).
import type {
  AppInfo,
  DamagedDatasetDto,
  DatasetDetail,
  DatasetStats,
  DatasetSummary,
  ImportProgress,
} from '@common/ipc/dtos'
import type {
  CheckpointRefDto,
  GeneratedPhrases,
  GenerateSampleRequest,
  ModelCard,
  PresetInfo,
  StartFromDto,
  RunExported,
  RunSummary,
  TrainStartRequest,
} from '@common/ipc/training'
import type { PathGuard } from './pathGuard'

/** Dataset library as IPC sees it. Paths arrive already checked by the PathGuard. */
export interface DatasetService {
  list(): Promise<DatasetSummary[]>
  /** Dataset folders whose manifest is unusable, with the reason. */
  damaged(): Promise<DamagedDatasetDto[]>
  /** Throws IpcFailure('not-found') for an unknown id. */
  get(id: string): Promise<DatasetDetail>
  create(
    name: string,
    paths: readonly string[],
    opts: { signal: AbortSignal; onProgress: (p: Omit<ImportProgress, 'importId'>) => void },
  ): Promise<DatasetDetail>
  stats(id: string): Promise<DatasetStats>
  setIncluded(id: string, keys: readonly string[], included: boolean): Promise<DatasetDetail>
  setTags(id: string, tags: readonly string[]): Promise<DatasetDetail>
  /** Also removes a damaged dataset. */
  remove(id: string): Promise<boolean>
}

/** Training runs and generation (over the engine host, wherever it runs). */
export interface TrainingService {
  start(req: TrainStartRequest): Promise<{ runId: string }>
  stop(runId: string): Promise<{ stopped: boolean }>
  /** Continues from the latest checkpoint, on `datasetId` when given (else the run's own dataset). */
  resume(runId: string, datasetId?: string): Promise<{ runId: string }>
  list(): Promise<RunSummary[]>
  sample(req: GenerateSampleRequest): Promise<GeneratedPhrases>
  /** Pauses / continues the running run; false when `runId` is not the running run. */
  pause(runId: string): Promise<{ paused: boolean }>
  continueRun(runId: string): Promise<{ continued: boolean }>
  presets(): Promise<PresetInfo[]>
  /** The preset a fine-tuning run from `from` gets; IpcFailure('not-found') for an unknown run or checkpoint. */
  fineTunePreset(from: StartFromDto): Promise<PresetInfo>
  /** A shipped model's card; IpcFailure('not-found') when this build does not ship that model. */
  modelCard(name: string): Promise<ModelCard>
  /** Backend the engine reported, or a placeholder before it started. */
  backend(): string
  /** Writes the run's chosen checkpoints as a `.crnnrun` at `path` (already checked). */
  exportRun(runId: string, checkpoints: readonly CheckpointRefDto[], path: string): Promise<RunExported>
  /** Imports a `.crnnrun` at `path` (already checked) as a new run; IpcFailure('corrupt') when refused. */
  importRun(path: string): Promise<RunSummary>
}

/** Dialogs and file I/O. Every path returned by a picker becomes an allowed root of the guard. */
export interface FileService {
  /** An open / save dialog's answer, allowed in the guard and resolved; null = cancelled. */
  pickOpen(kind: 'midi' | 'project' | 'run'): Promise<string | null>
  pickSave(kind: 'midi' | 'project' | 'run', suggestedName: string): Promise<string | null>
  chooseImport(mode: 'files' | 'folder'): Promise<string[]>
  openMidi(): Promise<{ path: string; name: string; bytes: Uint8Array } | null>
  saveMidi(suggestedName: string, bytes: Uint8Array): Promise<{ path: string } | null>
  /** Save dialog (.wav) + atomic write of an audio export. */
  saveAudio(suggestedName: string, bytes: Uint8Array): Promise<{ path: string } | null>
  /** Native drag-out of MIDI bytes as a temp .mid file; absent where there is no window (test bridge). */
  dragMidi?(suggestedName: string, bytes: Uint8Array): Promise<{ started: boolean }>
  openProject(): Promise<{ path: string; project: unknown } | null>
  saveProject(path: string | undefined, saveAs: boolean, project: unknown): Promise<{ path: string } | null>
}

/** The window's unsaved-changes guard (src-main/app/closeGuard.ts); absent where there is no window (test bridge). */
export interface CloseGuardService {
  /** The renderer's report: does the open project have unsaved changes, and what is it called. */
  setDirty(dirty: boolean, title: string): void
  /** The renderer's answer after saving for a pending close; true when the window is closing. */
  closeAfterSave(saved: boolean): boolean
}

/** Everything createHandlers needs. */
export interface Services {
  readonly datasets: DatasetService
  readonly training: TrainingService
  readonly files: FileService
  readonly guard: PathGuard
  /** Static part of `app:info`; `backend` is filled from the training service. */
  readonly info: Omit<AppInfo, 'backend'>
  /** Asks before closing a window with unsaved changes; absent in the test bridge (nothing to close). */
  readonly closeGuard?: CloseGuardService
}
