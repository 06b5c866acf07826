// The one place that says where the parse worker's entry file is, so a bundled build can point it elsewhere.
// From source (vitest, `node bin/crnngan.mjs`) the entry is a tiny .mjs that registers tsx, then loads parseWorker.ts.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

let override: URL | undefined

/**
 * URL of the parse worker entry: the override if set; else, in a bundle, the `parseWorker.js` the build emits beside
 * this module's chunk (so the trainer's and the parse host's processes find it too); else `parseWorker.boot.mjs`.
 */
export function parseWorkerUrl(): URL {
  if (override) return override
  const bundled = new URL('./parseWorker.js', import.meta.url)
  return existsSync(fileURLToPath(bundled)) ? bundled : new URL('./parseWorker.boot.mjs', import.meta.url)
}

/**
 * Points the dataset library at a different worker entry, e.g. the app build's bundled `parseWorker.js`
 * (emitted as a separate entry from `src-main/datasets/parseWorker.ts`). Pass `undefined` to restore the default.
 */
export function setParseWorkerUrl(url: URL | undefined): void {
  override = url
}
