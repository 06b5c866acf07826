// The served studio's "dialogs": the browser chose and uploaded the files before invoking, so a picker answers with
// that upload's server-side paths (carried per invoke in an AsyncLocalStorage, so two tabs never see each other's);
// a save picker answers with a fresh server-created download path.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Pickers } from '../app/services/fileService'
import type { DownloadStore } from './downloads'

/** What one invoke carries from the page. */
export interface PickContext {
  /** Server-side paths of the upload the page made for this invoke (empty = the user cancelled). */
  readonly paths: readonly string[]
}

export const pickContext = new AsyncLocalStorage<PickContext>()

/** Pickers over uploads (open/import) and the download store (save). */
export function webPickers(downloads: DownloadStore): Pickers {
  const picked = (): readonly string[] => pickContext.getStore()?.paths ?? []
  return {
    chooseImport: async () => [...picked()],
    openFile: async () => picked()[0] ?? null,
    saveFile: async (_kind, suggestedName) => downloads.reserve(suggestedName),
    savesInPlace: false,
  }
}
