// THE typed IPC contract: every invoke channel (zod request schema + response type) and every push event, written
// once. Preload, main's handler table and the renderer client are all typed from these two tables.
import { z } from 'zod'
import type {
  AppInfo,
  DamagedDatasetDto,
  DatasetDetail,
  DatasetStats,
  DatasetSummary,
  ImportProgress,
  MenuCommand,
} from './dtos'
import type { Result } from './result'
import { SHIPPED_MODEL_NAMES } from '../models/shipped'
import { settingsPatchSchema, type AppSettings } from './settings'
import {
  checkpointRefSchema,
  generateSampleSchema,
  startFromSchema,
  trainStartSchema,
  type GeneratedPhrases,
  type ModelCard,
  type PresetInfo,
  type RunExported,
  type RunSummary,
  type TrainCheckpoint,
  type TrainEpoch,
  type TrainFailed,
  type TrainFinished,
  type TrainProgress,
  type TrainRollback,
} from './training'

/** Pairs a request schema with a response type (the type exists only at compile time). */
const invoke =
  <Res>() =>
  <S extends z.ZodType>(req: S) => ({ req, res: undefined as unknown as Res })
/** Declares a push event's payload type. */
const event = <P>() => ({ payload: undefined as unknown as P })

const none = z.object({}).strict()
const id = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'expected an id of letters, digits, _ . -')
const path = z.string().min(1).max(4096)
const bytes = z.instanceof(Uint8Array).refine((b) => b.length <= 64 * 1024 * 1024, 'file larger than 64 MiB')
const fileName = z.string().min(1).max(255)
/** A WAV file from the audio export: RIFF/WAVE header, at most 1 GiB (≈ 100 min of 16-bit stereo 44.1 kHz). */
const wavBytes = z
  .instanceof(Uint8Array)
  .refine((b) => b.length <= 1024 * 1024 * 1024, 'audio file larger than 1 GiB')
  .refine(
    (b) => b.length >= 44 && String.fromCharCode(...b.subarray(0, 4), ...b.subarray(8, 12)) === 'RIFFWAVE',
    'not a WAV file (expected a RIFF/WAVE header)',
  )

/** Invoke channels: `area:verb`. */
export const invokes = {
  'app:info': invoke<AppInfo>()(none),
  /** Opens a native dialog; chosen paths become allowed roots. Empty array = cancelled. */
  'dialog:chooseImport': invoke<{ paths: string[] }>()(
    z.object({ mode: z.enum(['files', 'folder']) }).strict(),
  ),
  /** Preload-only: registers paths of files the user dropped on the window (see PRELOAD_ONLY). */
  'drop:allow': invoke<{ paths: string[] }>()(z.object({ paths: z.array(path).max(10_000) }).strict()),
  'dataset:list': invoke<DatasetSummary[]>()(none),
  /** Dataset folders whose manifest cannot be read (listed as damaged; `dataset:remove` deletes them). */
  'dataset:damaged': invoke<DamagedDatasetDto[]>()(none),
  'dataset:get': invoke<DatasetDetail>()(z.object({ id }).strict()),
  /** Imports files/folders; resolves when done. `importId` (chosen by the caller) tags progress and cancel. */
  'dataset:create': invoke<DatasetDetail>()(
    z
      .object({
        importId: id,
        name: z.string().trim().min(1).max(200),
        paths: z.array(path).min(1).max(10_000),
      })
      .strict(),
  ),
  'dataset:cancelImport': invoke<{ cancelled: boolean }>()(z.object({ importId: id }).strict()),
  'dataset:stats': invoke<DatasetStats>()(z.object({ id }).strict()),
  'dataset:setIncluded': invoke<DatasetDetail>()(
    z.object({ id, keys: z.array(z.string().min(1).max(4096)).min(1), included: z.boolean() }).strict(),
  ),
  'dataset:setTags': invoke<DatasetDetail>()(
    z.object({ id, tags: z.array(z.string().trim().min(1).max(40)).max(32) }).strict(),
  ),
  'dataset:remove': invoke<{ removed: boolean }>()(z.object({ id }).strict()),
  'train:start': invoke<{ runId: string }>()(trainStartSchema),
  'train:stop': invoke<{ stopped: boolean }>()(z.object({ runId: id }).strict()),
  /** Continues a run from its latest checkpoint; `datasetId` trains on another dataset (an imported run's own is elsewhere). */
  'train:resume': invoke<{ runId: string }>()(z.object({ runId: id, datasetId: id.optional() }).strict()),
  'train:list': invoke<RunSummary[]>()(none),
  /** Pauses the running run after the current batch (a checkpoint is saved); `paused` false = not running. */
  'train:pause': invoke<{ paused: boolean }>()(z.object({ runId: id }).strict()),
  /** Continues a paused run in the same engine process. */
  'train:continue': invoke<{ continued: boolean }>()(z.object({ runId: id }).strict()),
  /** The engine's presets with their defaults (for the advanced fields). */
  'train:presets': invoke<PresetInfo[]>()(none),
  /**
   * The settings a fine-tuning run from this model gets (`train:start` with `startFrom`): the source's preset and
   * model shape, 'cover' windows, no pretraining, smaller learning rates; 'not-found' for an unknown run or checkpoint.
   */
  'train:fineTunePreset': invoke<PresetInfo>()(z.object({ startFrom: startFromSchema }).strict()),
  /** The model card (markdown text) of a shipped model, by name; 'not-found' when this build does not ship it. */
  'model:card': invoke<ModelCard>()(z.object({ name: z.enum(SHIPPED_MODEL_NAMES) }).strict()),
  'generate:sample': invoke<GeneratedPhrases>()(generateSampleSchema),
  /** Save dialog + export of a run's chosen checkpoints as one `.crnnrun` file. null = cancelled. */
  'run:export': invoke<RunExported | null>()(
    z.object({ runId: id, checkpoints: z.array(checkpointRefSchema).min(1).max(64) }).strict(),
  ),
  /** Imports a `.crnnrun` (a dropped file's path, or a dialog without one) as a new run. null = cancelled. */
  'run:import': invoke<RunSummary | null>()(z.object({ path: path.optional() }).strict()),
  /** Dialog + read of one MIDI file. null = cancelled. */
  'file:openMidi': invoke<{ path: string; name: string; bytes: Uint8Array } | null>()(none),
  /** Save dialog + atomic write of MIDI bytes. null = cancelled. */
  'file:saveMidi': invoke<{ path: string } | null>()(z.object({ suggestedName: fileName, bytes }).strict()),
  /** Save dialog + atomic write of a rendered WAV file. null = cancelled. */
  'file:saveAudio': invoke<{ path: string } | null>()(
    z.object({ suggestedName: fileName, bytes: wavBytes }).strict(),
  ),
  /** Writes MIDI bytes to a temp file and starts a native drag of it out of the window (webContents.startDrag). */
  'file:dragMidi': invoke<{ started: boolean }>()(z.object({ suggestedName: fileName, bytes }).strict()),
  /** Dialog + read of a project file (JSON). null = cancelled. */
  'project:open': invoke<{ path: string; project: unknown } | null>()(none),
  /** Writes a project; without `path` (or with saveAs) asks where. null = cancelled. */
  'project:save': invoke<{ path: string } | null>()(
    z.object({ path: path.optional(), saveAs: z.boolean().optional(), project: z.unknown() }).strict(),
  ),
  /** Writes the open project to the recovery file in app data (atomic). `path` = its saved file, if any. */
  'project:autosave': invoke<{ savedAt: string }>()(
    z.object({ project: z.unknown(), path: path.nullable() }).strict(),
  ),
  /** The recovery file when it is newer than the last clean save (i.e. after a crash), else null. */
  'project:recovery': invoke<{ project: unknown; path: string | null; savedAt: string } | null>()(none),
  /** Marks a clean state (after Save, New, or declining recovery): the recovery file is deleted. */
  'project:discardRecovery': invoke<{ discarded: boolean }>()(none),
  /** The renderer reports whether the open project has unsaved changes, so main can ask before the window closes. */
  'project:setDirty': invoke<{ dirty: boolean }>()(
    z.object({ dirty: z.boolean(), title: z.string().max(300) }).strict(),
  ),
  /** The app settings file in app data (defaults when it is missing or unreadable). */
  'settings:get': invoke<AppSettings>()(none),
  /** Replaces the given keys (null removes one) and writes the file atomically; answers the new settings. */
  'settings:set': invoke<AppSettings>()(settingsPatchSchema),
  /** Answer to 'project:saveBeforeClose': `saved` true lets main close the window; false keeps it open. */
  'project:closeAfterSave': invoke<{ closing: boolean }>()(z.object({ saved: z.boolean() }).strict()),
} as const

/** Push events main → renderer: `area:noun`. */
export const events = {
  'dataset:progress': event<ImportProgress>(),
  'train:progress': event<TrainProgress>(),
  'train:finished': event<TrainFinished>(),
  'train:failed': event<TrainFailed>(),
  'train:epoch': event<TrainEpoch>(),
  'train:checkpoint': event<TrainCheckpoint>(),
  'train:rollback': event<TrainRollback>(),
  /** A run paused or continued. */
  'train:paused': event<{ runId: string; paused: boolean }>(),
  'menu:command': event<{ command: MenuCommand }>(),
  /** The engine host started and picked its TensorFlow.js backend. */
  'engine:ready': event<{ backend: string }>(),
  /** Something was repaired or passed over, e.g. a damaged checkpoint skipped for the newest valid one. */
  'train:notice': event<{ runId: string | null; message: string }>(),
  /** The app is quitting during training: a checkpoint is being saved first (at most `timeoutSeconds`). */
  'app:quitting': event<{ runId: string; timeoutSeconds: number }>(),
  /** The composer chose Save in main's close prompt: save the project, then answer with 'project:closeAfterSave'. */
  'project:saveBeforeClose': event<Record<string, never>>(),
} as const

export type InvokeChannel = keyof typeof invokes
export type EventName = keyof typeof events
/** What the caller passes (before schema defaults/trimming). */
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokes)[C]['req']>
/** What the handler receives (after schema parsing). */
export type ParsedRequest<C extends InvokeChannel> = z.output<(typeof invokes)[C]['req']>
export type InvokeResponse<C extends InvokeChannel> = (typeof invokes)[C]['res']
export type EventPayload<E extends EventName> = (typeof events)[E]['payload']

/** Channels only the preload may call (the page cannot forge them through `window.studio.invoke`). */
export const PRELOAD_ONLY: ReadonlySet<string> = new Set<InvokeChannel>(['drop:allow'])

export const INVOKE_CHANNELS = Object.keys(invokes) as InvokeChannel[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

/** True when `c` names an invoke channel the page may call. */
export const isPageChannel = (c: unknown): c is InvokeChannel =>
  typeof c === 'string' && Object.hasOwn(invokes, c) && !PRELOAD_ONLY.has(c)
/** True when `e` names a push event. */
export const isEventName = (e: unknown): e is EventName => typeof e === 'string' && Object.hasOwn(events, e)

/** The API the preload exposes as `window.studio` (and the test bridge imitates). */
export interface StudioApi {
  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<Result<InvokeResponse<C>>>
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Absolute paths of files/folders dropped on the window (registered as allowed roots). */
  pathsForDrop(files: readonly File[]): Promise<string[]>
}
