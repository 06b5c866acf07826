// Turns a start request's data source into raw training cells: a library dataset (through the dataset cache), a
// folder of MIDI files (parsed here), or cells handed over directly. Also remembers the source in the run folder.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { availableParallelism } from 'node:os'
import { encodeCells, featureCount } from '../../common/crnngan/cells'
import { DatasetStore, DEFAULT_SEED, defaultLibraryDir, WINDOW_LENGTH } from '../../datasets/DatasetStore'
import { DEFAULT_MAX_BYTES } from '../../datasets/importFiles'
import { rowsToTones } from '../../datasets/loadDataset'
import type { ParseReply } from '../../datasets/parseFile'
import { localParsePool, type ParsePoolFactory } from '../../datasets/parsePool'
import { scanPaths } from '../../datasets/scanPaths'
import { parseJson } from '../../common/json'
import { writeFileAtomic } from '../checkpoints/atomic'
import { buildMemorisationIndex, type MemorisationIndex } from '../sampling/memorisation'
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

/** Options of {@link loadSongs}. */
export interface LoadOptions {
  /** Where a folder's files are parsed (default: parse workers of this process). */
  readonly parsePool?: ParsePoolFactory
}

/** Loads raw cells for `source` with K tones per cell; `skipped` counts unreadable MIDI files of a folder. */
export async function loadSongs(
  source: DataSource | CellsData,
  tonesPerCell: 1 | 3,
  opts: LoadOptions = {},
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
  return loadFolder(source.dir, tonesPerCell, opts)
}

/**
 * Parses a folder's MIDI files on parse workers, exactly as an import does: the same size limit (16 MiB), event cap,
 * per-file timeout and worker heap limit, so a hostile file is skipped instead of hanging or exhausting the trainer.
 */
async function loadFolder(
  dir: string,
  tonesPerCell: 1 | 3,
  opts: LoadOptions,
): Promise<{ songs: SongCells[]; skipped: number }> {
  const scan = await scanPaths([dir])
  let skipped = scan.failures.length
  const size = Math.max(1, Math.min(availableParallelism(), scan.files.length))
  const pool = (opts.parsePool ?? localParsePool)(size)
  let replies: ParseReply[]
  try {
    replies = await Promise.all(
      scan.files.map((f) =>
        pool.run({
          path: f.path,
          maxBytes: DEFAULT_MAX_BYTES,
          seed: DEFAULT_SEED,
          windowLength: WINDOW_LENGTH,
        }),
      ),
    )
  } finally {
    await pool.close()
  }
  const songs: SongCells[] = []
  replies.forEach((r, i) => {
    const cells = r.ok ? encodeCells(rowsToTones(r.tones), { tonesPerCell }) : null
    if (cells && cells.cells > 0) songs.push({ name: scan.files[i].name, cells: cells.data })
    else skipped++
  })
  if (songs.length === 0) throw new DataError(`no readable MIDI files with notes under '${dir}'`)
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

/**
 * How to build the memorisation index of a run's recorded training data once its config is known (the form
 * `sample`'s `memorisation` takes, so the checkpoint is read once). Built indexes are kept in `cache` when given.
 * @throws DataError when the run recorded no data source.
 */
export async function runMemorisation(
  runDir: string,
  cache?: Map<string, MemorisationIndex>,
): Promise<(config: { readonly model: { readonly tonesPerCell: 1 | 3 } }) => Promise<MemorisationIndex>> {
  const source = await readSource(runDir)
  if (!source) throw new DataError(`run '${runDir}' has no recorded data source for the memorisation check`)
  return async ({ model: { tonesPerCell: K } }) => {
    // The tokens depend on how tones are grouped into cells, so one source has an index per K.
    const key = JSON.stringify([source, K])
    let index = cache?.get(key)
    if (!index) {
      index = buildMemorisationIndex((await loadSongs(source, K)).songs, featureCount(K))
      cache?.set(key, index)
    }
    return index
  }
}
