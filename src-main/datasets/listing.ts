// The library folder's contents: which folder names are datasets, their summaries, the damaged ones (with the
// reason), and the rule for dataset names.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { DatasetError, libraryIoError } from './errors'
import { ManifestError, readManifest } from './manifest'
import { summarize, type DatasetSummary } from './summaries'
import type { DamagedDataset, DatasetId } from './types'

/** A dataset folder's name: `ds-<time36>-<random hex>` (temp, trash and lock folders start with a dot). */
export const DATASET_ID_RE = /^ds-[a-z0-9]+-[0-9a-f]+$/

/** A dataset name, trimmed. @throws {DatasetError} 'invalid-request' unless it has 1..200 characters. */
export function checkName(name: string): string {
  const clean = name.trim()
  if (clean.length === 0 || clean.length > 200) {
    const todo = clean.length === 0 ? 'type a name' : 'shorten it'
    throw new DatasetError(
      'invalid-request',
      `dataset name must be 1..200 characters, got ${JSON.stringify(name)}; ${todo}`,
    )
  }
  return clean
}

/** Summaries of the datasets in `dir`, newest first, and the dataset folders whose manifest is unusable. */
export async function listLibrary(
  dir: string,
): Promise<{ datasets: DatasetSummary[]; damaged: DamagedDataset[] }> {
  let names: string[]
  try {
    names = await fs.readdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { datasets: [], damaged: [] }
    throw libraryIoError(err, dir)
  }
  const datasets: DatasetSummary[] = []
  const damaged: DamagedDataset[] = []
  for (const n of names.filter((x) => DATASET_ID_RE.test(x)).sort()) {
    try {
      datasets.push(summarize(await readManifest(join(dir, n))))
    } catch (err) {
      const kind = err instanceof ManifestError ? err.kind : 'corrupt'
      const message = err instanceof Error ? err.message : String(err)
      damaged.push({ id: n as DatasetId, reason: kind === 'newer' ? 'unsupported' : kind, message })
    }
  }
  datasets.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
  return { datasets, damaged }
}
