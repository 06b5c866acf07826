// Turns a start request's data source into raw training cells: a library dataset (through the dataset cache), a
// folder of MIDI files (parsed here), or cells handed over directly. Also remembers the source in the run folder.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { encodeCells } from '../../common/crnngan/cells'
import { readTones } from '../../common/crnngan/tones'
import { DatasetStore, defaultLibraryDir } from '../../datasets/DatasetStore'
import { scanPaths } from '../../datasets/scanPaths'
import { parseJson } from '../../common/json'
import { writeFileAtomic } from '../checkpoints/atomic'
import type { SongCells } from '../training/batching'
import type { CellsData, FolderData } from './protocol'

/** Where a run's data came from (saved as `<runDir>/source.json`, so sampling can check memorisation). */
export type DataSource =
  | { readonly kind: 'dataset'; readonly datasetId: string; readonly libraryDir?: string }
  | FolderData
  | { readonly kind: 'inline' }

/** Error with a protocol code, for the host to report. */
export class DataError extends Error {
  readonly code = 'NO_DATA'
}

/** Loads raw cells for `source` with K tones per cell; `skipped` counts unreadable MIDI files of a folder. */
export async function loadSongs(
  source: DataSource | CellsData,
  tonesPerCell: 1 | 3,
): Promise<{ songs: SongCells[]; skipped: number }> {
  if (source.kind === 'cells') {
    if (source.tonesPerCell !== tonesPerCell)
      throw new DataError(`data has ${source.tonesPerCell} tones per cell, the config needs ${tonesPerCell}`)
    return { songs: source.songs.map((s) => ({ name: s.name, cells: s.cells })), skipped: 0 }
  }
  if (source.kind === 'inline')
    throw new DataError('this run was trained on inline data; pass the data again')
  if (source.kind === 'dataset') {
    const store = new DatasetStore(source.libraryDir ?? defaultLibraryDir())
    const id = await store.resolve(source.datasetId)
    const enc = await store.loadEncoded(id, { tonesPerCell })
    return { songs: enc.names.map((name, i) => ({ name, cells: enc.cells[i] })), skipped: 0 }
  }
  const scan = await scanPaths([source.dir])
  const songs: SongCells[] = []
  let skipped = 0
  for (const f of scan.files) {
    try {
      const enc = encodeCells(readTones(await fs.readFile(f.path), f.path), { tonesPerCell })
      if (enc.cells > 0) songs.push({ name: f.name, cells: enc.data })
      else skipped++
    } catch {
      skipped++
    }
  }
  if (songs.length === 0) throw new DataError(`no readable MIDI files with notes under '${source.dir}'`)
  return { songs, skipped }
}

/** Records the data source of a run. */
export async function saveSource(runDir: string, source: DataSource): Promise<void> {
  await fs.mkdir(runDir, { recursive: true })
  await writeFileAtomic(join(runDir, 'source.json'), JSON.stringify(source, null, 1))
}

/**
 * The recorded data source of a run, or null when none was recorded.
 * @throws Error naming source.json when it is there but damaged.
 */
export async function readSource(runDir: string): Promise<DataSource | null> {
  const path = join(runDir, 'source.json')
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new Error(`${path}: cannot read (${(err as Error).message})`, { cause: err })
  }
  return parseJson(text, path) as DataSource
}
