// Upload kinds of the served studio and their limits, shared by the server (which enforces them) and the browser
// client (which checks them first, so an oversize file is refused before a byte is sent).

/** What an upload is for. */
export type UploadKind = 'import' | 'midi' | 'project' | 'run'

/** Limits of one kind. */
export interface KindLimits {
  readonly extensions: readonly string[]
  readonly maxFileBytes: number
  readonly maxFiles: number
  readonly maxTotalBytes: number
}

const MiB = 1024 * 1024
/** MIDI as the dataset import (16 MiB a file), single files as the dialogs (64 MiB), run archives up to 2 GiB. */
export const UPLOAD_LIMITS: Record<UploadKind, KindLimits> = {
  import: {
    extensions: ['.mid', '.midi'],
    maxFileBytes: 16 * MiB,
    maxFiles: 10_000,
    maxTotalBytes: 1024 * MiB,
  },
  midi: { extensions: ['.mid', '.midi'], maxFileBytes: 64 * MiB, maxFiles: 1, maxTotalBytes: 64 * MiB },
  project: { extensions: ['.crnnproj'], maxFileBytes: 64 * MiB, maxFiles: 1, maxTotalBytes: 64 * MiB },
  run: { extensions: ['.crnnrun'], maxFileBytes: 2048 * MiB, maxFiles: 16, maxTotalBytes: 4096 * MiB },
}
export const UPLOAD_KINDS = Object.keys(UPLOAD_LIMITS) as UploadKind[]

/** Lower-case extension of a file name ('' when none). */
export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot).toLowerCase() : ''
}

/** Whole MiB, for messages. */
export const mib = (bytes: number): string => `${Math.round(bytes / MiB)} MiB`
