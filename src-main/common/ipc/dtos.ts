// Plain-data shapes that cross IPC (structured-clone safe): app info, datasets, import progress, stats.
// Main adapts its services to these; the renderer reads nothing else from src-main.

/** Answer of `app:info`. `backend` is the TensorFlow.js backend the engine uses ('tensorflow' | 'wasm' | 'cpu' | …). */
export interface AppInfo {
  readonly name: string
  readonly version: string
  readonly backend: string
  /** 'electron' in the app, 'web' served to a browser (`crnngan serve`), 'bridge' in the end-to-end harness. */
  readonly shell: 'electron' | 'web' | 'bridge'
  readonly platform: string
  /** Absolute folder holding datasets, runs and settings. */
  readonly libraryDir: string
}

/** A file that could not be imported. `reason` is a stable short code (the library's FailureReason, e.g. 'empty'). */
export interface DatasetFileError {
  /** Absolute path of the source file. */
  readonly file: string
  readonly reason: string
  readonly message: string
}

/** One row of the dataset list (the library's own summary type extends this one). */
export interface DatasetSummary {
  readonly id: string
  readonly name: string
  /** ISO-8601 creation time. */
  readonly createdAt: string
  readonly tags: readonly string[]
  readonly fileCount: number
  readonly includedCount: number
  readonly errorCount: number
  /** Files skipped because their content equals an earlier file's. */
  readonly duplicateCount: number
  /** Notes over included files. */
  readonly noteCount: number
  /**
   * Tones (spec §2.2) of each included file, in the order training reads them: with one tone per cell these are the
   * files' cell counts, so the Train screen can count an epoch's windows exactly as the trainer does.
   */
  readonly includedTones: readonly number[]
  /** Seconds over included files. */
  readonly durationSeconds: number
}

/** A dataset whose manifest cannot be read: the Library lists it (with the reason) so it can be removed. */
export interface DamagedDatasetDto {
  readonly id: string
  /** 'corrupt' | 'missing' | 'foreign' | 'unsupported' (written by a newer version). */
  readonly reason: string
  /** Names the manifest file and what is wrong with it. */
  readonly message: string
}

/** One imported file of a dataset. */
export interface DatasetFileEntry {
  /** Stable key of the file inside the dataset (what `dataset:setIncluded` takes). */
  readonly key: string
  /** Display name (path relative to the imported root). */
  readonly name: string
  readonly included: boolean
  readonly noteCount: number
  readonly durationSeconds: number
}

/** Full dataset: files and per-file import errors. */
export interface DatasetDetail extends DatasetSummary {
  readonly files: readonly DatasetFileEntry[]
  readonly errors: readonly DatasetFileError[]
}

/** A histogram for an SVG bar chart: `counts[i]` belongs to `labels[i]`. */
export interface Histogram {
  readonly labels: readonly string[]
  readonly counts: readonly number[]
}

/** One paper metric (Mogren 2016 §4) over the included files: mean and 10th–90th percentile. */
export interface MetricSummary {
  readonly key: string
  readonly label: string
  /** e.g. '%', 'semitones', 'count'. */
  readonly unit: string
  /** null when no included file has a value. */
  readonly mean: number | null
  readonly p10: number | null
  readonly p90: number | null
}

/** Answer of `dataset:stats` (over included files only). */
export interface DatasetStats {
  readonly fileCount: number
  readonly noteCount: number
  /** 12 bins, C..B. */
  readonly pitchClass: Histogram
  /** Melodic interval between consecutive onsets, in semitones. */
  readonly intervals: Histogram
  /** Note length in beats. */
  readonly lengths: Histogram
  readonly metrics: readonly MetricSummary[]
}

/** `dataset:progress` push event while `dataset:create` runs. */
export interface ImportProgress {
  readonly importId: string
  readonly done: number
  readonly total: number
  /** Estimated seconds left; null until enough files were timed. */
  readonly etaSeconds: number | null
  readonly currentFile: string | null
}

/** Commands the application menu forwards to the renderer (`menu:command`). */
export const MENU_COMMANDS = [
  'project:new',
  'project:open',
  'project:save',
  'project:saveAs',
  'midi:import',
  'midi:export',
  'edit:undo',
  'edit:redo',
  'edit:cut',
  'edit:copy',
  'edit:paste',
  'edit:selectAll',
  'help:about',
] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

/**
 * The Edit menu's commands and the edit action each names: the editor runs that action, a focused text field the
 * native command of the same name (document.execCommand).
 */
export const EDIT_MENU_ACTIONS = {
  'edit:undo': 'undo',
  'edit:redo': 'redo',
  'edit:cut': 'cut',
  'edit:copy': 'copy',
  'edit:paste': 'paste',
  'edit:selectAll': 'selectAll',
} as const satisfies Partial<Record<MenuCommand, string>>

/** An edit action the Edit menu names (undo, redo, cut, copy, paste, selectAll). */
export type EditMenuAction = (typeof EDIT_MENU_ACTIONS)[keyof typeof EDIT_MENU_ACTIONS]

/** The edit action a menu command names, or undefined for a command outside the Edit menu. */
export function editMenuAction(command: MenuCommand): EditMenuAction | undefined {
  return (EDIT_MENU_ACTIONS as Partial<Record<MenuCommand, EditMenuAction>>)[command]
}
