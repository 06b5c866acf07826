// The dataset library: one folder per dataset (`<library>/<id>/manifest.json` + `cache.bin`). Creates datasets from
// files/folders (parallel parse, dedupe, progress, cancel), lists, edits include flags and tags, removes, loads.
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { syncDir } from './atomicWrite'
import { datasetStatistics, type DatasetStatistics } from './datasetStats'
import { cancelledError, DatasetError, libraryIoError, noSuchDataset, notADatasetId } from './errors'
import {
  checkImportRequest,
  DEFAULT_MAX_BYTES,
  DEFAULT_SEED,
  importFiles,
  nothingImported,
} from './importFiles'
import { normalizeTags, sweepStale } from './housekeeping'
import { withLibraryLock } from './libraryLock'
import { checkName, DATASET_ID_RE, listLibrary } from './listing'
import type { ParsePoolFactory } from './parsePool'
import { loadEncodedFrom, loadSongsFrom, loadTonesFrom, type DatasetTones } from './loadDataset'
import {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  ManifestError,
  readManifest,
  writeManifest,
  type Manifest,
} from './manifest'
import { type DatasetInfo, type DatasetSummary, describe } from './summaries'
import { ToneCacheError, writeToneCache } from './toneCache'
import type { Song } from '../common/music/song'
import type { CreateOptions, DamagedDataset, DatasetId, EncodedDataset, FileId } from './types'

/** Statistics window length in events (spec §6.3). */
export const WINDOW_LENGTH = 100
export { DEFAULT_SEED }

/** Library folder: `$CRNNGAN_LIBRARY`, else `~/.crnngan/library`. */
export function defaultLibraryDir(): string {
  return resolve(process.env.CRNNGAN_LIBRARY ?? join(homedir(), '.crnngan', 'library'))
}

/**
 * Datasets in one library folder. Names are unique across every process using the folder (a lock file serialises
 * creates and renames); edits to one dataset are serialized within a process.
 */
export class DatasetStore {
  private readonly locks = new Map<string, Promise<unknown>>()

  /**
   * @param dir library folder (created on first write).
   * @param options.parsePool where imports parse files (default: worker threads of this process; the app passes a
   *   pool in a separate process so a hostile file cannot stall its window).
   */
  constructor(
    readonly dir: string,
    private readonly options: { readonly parsePool?: ParsePoolFactory } = {},
  ) {}

  /**
   * Imports `paths` (files and folders, recursive, .mid/.midi any case) as a new dataset named `name`.
   * Bad files are skipped and listed in `failures`; identical files (sha256) are imported once and listed in
   * `duplicates`. Cancelling via `signal` discards the whole import: nothing appears in the library (files are
   * written into a hidden temp folder that is renamed into place only when complete).
   * @throws {DatasetError} 'invalid-request' / 'conflict' for the name, 'no-files' when nothing could be imported,
   *   'cancelled', 'io-error' when the library folder cannot be written.
   */
  async create(name: string, paths: readonly string[], opts: CreateOptions = {}): Promise<DatasetInfo> {
    const clean = checkName(name)
    checkImportRequest(paths, opts)
    // Checked now to fail fast, and again under the library lock when the import is moved into place.
    await this.assertNameFree(clean)
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
    const seed = opts.seed ?? DEFAULT_SEED
    await sweepStale(this.dir)
    const result = await importFiles(paths, {
      ...opts,
      maxBytes,
      seed,
      windowLength: WINDOW_LENGTH,
      parsePool: this.options.parsePool,
    })
    if (result.files.length === 0) throw nothingImported(result.failures)
    const id = `ds-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}` as DatasetId
    const tmp = join(this.dir, `.tmp-${id}`)
    try {
      await fs.mkdir(tmp, { recursive: true })
      const cache = await writeToneCache(
        tmp,
        result.files.map((f) => f.tones),
      )
      const manifest: Manifest = {
        format: MANIFEST_FORMAT,
        version: MANIFEST_VERSION,
        id,
        name: clean,
        createdAt: new Date().toISOString(),
        tags: normalizeTags(opts.tags ?? []),
        seed,
        windowLength: WINDOW_LENGTH,
        sources: paths.map((p) => resolve(p)),
        files: result.files.map((f, i) => ({
          id: f.sha256.slice(0, 16) as FileId,
          name: f.name,
          path: f.path,
          sha256: f.sha256,
          bytes: f.bytes,
          included: true,
          notes: f.notes,
          tones: f.tones.length / 4,
          toneOffset: cache.offsets[i],
          durationSeconds: f.durationSeconds,
          metrics: { ...f.metrics },
          windowMetrics: f.windowMetrics && { ...f.windowMetrics },
          histograms: f.histograms,
        })),
        failures: result.failures,
        duplicates: result.duplicates,
        cacheTones: cache.rows,
      }
      await writeManifest(tmp, manifest)
      await withLibraryLock(this.dir, async () => {
        if (opts.signal?.aborted) throw cancelledError(opts.signal)
        await this.assertNameFree(clean)
        await fs.rename(tmp, join(this.dir, id))
        await syncDir(this.dir)
      })
      return describe(manifest)
    } catch (err) {
      await fs.rm(tmp, { recursive: true, force: true })
      throw libraryIoError(err, this.dir)
    }
  }

  /**
   * Every dataset, newest first. Dataset folders whose manifest cannot be used (damaged JSON or schema, missing,
   * not a dataset manifest, or written by a newer version) are listed in `damaged` with the reason, so they can be
   * shown and removed instead of silently staying on disk.
   */
  list(): Promise<{ datasets: DatasetSummary[]; damaged: DamagedDataset[] }> {
    return listLibrary(this.dir)
  }

  /** Finds a dataset by exact id, else by name (case-insensitive). @throws {DatasetError} 'not-found'. */
  async resolve(idOrName: string): Promise<DatasetId> {
    if (DATASET_ID_RE.test(idOrName)) {
      try {
        await fs.access(join(this.dir, idOrName))
        return idOrName as DatasetId
      } catch {
        // fall through to a name lookup
      }
    }
    const { datasets } = await this.list()
    const hit = datasets.find((d) => d.name.toLowerCase() === idOrName.toLowerCase())
    if (!hit) {
      const todo = 'check the name against the dataset list'
      throw new DatasetError('not-found', `no dataset with id or name '${idOrName}' in ${this.dir}; ${todo}`)
    }
    return hit.id
  }

  /** Full description: files (with include flags), failures, duplicates. */
  async get(id: DatasetId): Promise<DatasetInfo> {
    return describe(await this.manifest(id))
  }

  /** Statistics over the included files (computed from the manifest; no re-parsing). */
  async stats(id: DatasetId): Promise<DatasetStatistics> {
    return datasetStatistics(await this.manifest(id))
  }

  /** Includes or excludes files. @throws {DatasetError} 'not-found' naming unknown file ids (nothing changes then). */
  async setIncluded(id: DatasetId, fileIds: readonly string[], included: boolean): Promise<DatasetInfo> {
    return this.edit(id, (m) => {
      const known = new Set(m.files.map((f) => f.id as string))
      const unknown = fileIds.filter((f) => !known.has(f))
      if (unknown.length > 0)
        throw new DatasetError(
          'not-found',
          `dataset '${m.name}' (${id}) has no file id(s) ${unknown.join(', ')}; nothing was changed, reopen it`,
        )
      const set = new Set(fileIds)
      return { ...m, files: m.files.map((f) => (set.has(f.id) ? { ...f, included } : f)) }
    })
  }

  /**
   * Renames a dataset. Names stay unique (case-insensitive) across processes: the check and the write happen under
   * the library lock. @throws {DatasetError} 'invalid-request' / 'conflict' for the name, 'not-found'.
   */
  async rename(id: DatasetId, name: string): Promise<DatasetInfo> {
    const clean = checkName(name)
    return withLibraryLock(this.dir, async () => {
      await this.assertNameFree(clean, id)
      return this.edit(id, (m) => ({ ...m, name: clean }))
    })
  }

  /** Replaces the tags (trimmed, empty ones dropped, duplicates removed, order kept). */
  async setTags(id: DatasetId, tags: readonly string[]): Promise<DatasetInfo> {
    return this.edit(id, (m) => ({ ...m, tags: normalizeTags(tags) }))
  }

  /**
   * Deletes a dataset: renamed away first (so it vanishes atomically from `list`), then removed. Works for damaged
   * datasets too (any folder `list` reports), since removing is how a user gets rid of one.
   * @throws {DatasetError} 'not-found' when there is no such dataset folder.
   */
  async remove(id: DatasetId): Promise<void> {
    if (!DATASET_ID_RE.test(id)) throw notADatasetId(id)
    const st = await fs.stat(join(this.dir, id)).catch(() => null)
    if (!st?.isDirectory()) throw noSuchDataset(id, this.dir)
    const trash = join(this.dir, `.trash-${id}-${randomBytes(4).toString('hex')}`)
    await fs.rename(join(this.dir, id), trash).catch((err: unknown) => {
      throw libraryIoError(err, this.dir)
    })
    await fs.rm(trash, { recursive: true, force: true })
  }

  /**
   * Tone rows of every included file (what a faithful §2.4 window sampler needs: windows start at tone indices).
   * @throws {DatasetError} 'corrupt' naming the dataset and cache file when cache.bin is missing, the wrong size or
   *   holds values no import writes (NaN, ±Inf, negative lengths, unsorted onsets).
   */
  async loadTones(id: DatasetId): Promise<DatasetTones> {
    const m = await this.manifest(id)
    try {
      return await loadTonesFrom(join(this.dir, id), m)
    } catch (err) {
      if (!(err instanceof ToneCacheError)) throw err
      throw new DatasetError(
        'corrupt',
        `dataset '${m.name}' (${id}) is damaged: ${err.message}; remove it and import the files again`,
      )
    }
  }

  /** Cells of every included file (spec §2.3), encoded at load from the cached tones. */
  async loadEncoded(id: DatasetId, opts: { tonesPerCell: 1 | 3 }): Promise<EncodedDataset> {
    return loadEncodedFrom(await this.loadTones(id), opts.tonesPerCell)
  }

  /** Songs of the included files, re-read from the original files (checked by sha256; they must not have moved). */
  async loadSongs(id: DatasetId): Promise<{ fileIds: FileId[]; songs: Song[] }> {
    return loadSongsFrom(await this.manifest(id))
  }

  /** @throws {DatasetError} 'conflict' when another dataset (not `except`) has the name, in any letter case. */
  private async assertNameFree(name: string, except?: DatasetId): Promise<void> {
    const { datasets } = await this.list()
    if (datasets.some((d) => d.id !== except && d.name.toLowerCase() === name.toLowerCase())) {
      throw new DatasetError(
        'conflict',
        `a dataset named '${name}' already exists in ${this.dir}; choose another name`,
      )
    }
  }

  private async manifest(id: DatasetId): Promise<Manifest> {
    if (!DATASET_ID_RE.test(id)) throw notADatasetId(id)
    try {
      return await readManifest(join(this.dir, id))
    } catch (err) {
      if (!(err instanceof ManifestError)) throw err
      if (err.kind === 'missing') throw noSuchDataset(id, this.dir)
      // A newer version's manifest says itself what to do (update); a damaged one can only be removed.
      const todo = err.kind === 'newer' ? '' : '; remove the dataset and import its files again'
      throw new DatasetError('corrupt', `${err.message}${todo}`)
    }
  }

  /** Read-modify-write of one manifest, serialized per dataset so concurrent edits do not lose updates. */
  private edit(id: DatasetId, change: (m: Manifest) => Manifest): Promise<DatasetInfo> {
    const prev = this.locks.get(id) ?? Promise.resolve()
    const next = prev
      .catch(() => undefined)
      .then(async () => {
        const m = change(await this.manifest(id))
        await writeManifest(join(this.dir, id), m).catch((err: unknown) => {
          throw libraryIoError(err, this.dir)
        })
        return describe(m)
      })
    this.locks.set(id, next)
    return next
  }
}
