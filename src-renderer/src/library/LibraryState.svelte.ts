// Library screen state: dataset list (and damaged datasets, which can only be removed), the selected dataset with its
// stats, the pending import (chosen paths) and the running import's progress. All IPC goes through lib/ipc;
// failures become notices.
import type {
  DamagedDatasetDto,
  DatasetDetail,
  DatasetStats,
  DatasetSummary,
  ImportProgress,
} from '@common/ipc/dtos'
import { StudioError, type StudioClient } from '../lib/ipc'
import type { Notices } from '../lib/notices.svelte'
import { suggestName } from './format'

/** Paths chosen in a dialog or dropped, waiting for a name before the import starts. */
export interface PendingImport {
  readonly paths: readonly string[]
  readonly name: string
}

export class LibraryState {
  datasets = $state.raw<DatasetSummary[]>([])
  /** Dataset folders whose manifest cannot be read: listed so they can be removed, never opened. */
  damaged = $state.raw<DamagedDatasetDto[]>([])
  loaded = $state(false)
  selectedId = $state<string | null>(null)
  detail = $state.raw<DatasetDetail | null>(null)
  stats = $state.raw<DatasetStats | null>(null)
  pending = $state.raw<PendingImport | null>(null)
  progress = $state.raw<ImportProgress | null>(null)
  importId = $state<string | null>(null)
  #seq = 0
  readonly #client: StudioClient
  private readonly notices: Notices

  constructor(client: StudioClient, notices: Notices) {
    this.#client = client
    this.notices = notices
  }

  /** Subscribes to progress events; returns the unsubscribe function (call from the screen's lifetime). */
  connect(): () => void {
    return this.#client.on('dataset:progress', (p) => {
      if (p.importId === this.importId) this.progress = p
    })
  }

  /** The selected entry when it is a damaged dataset. */
  get selectedDamaged(): DamagedDatasetDto | null {
    return this.damaged.find((d) => d.id === this.selectedId) ?? null
  }

  async refresh(): Promise<void> {
    try {
      const [datasets, damaged] = await Promise.all([
        this.#client.call('dataset:list', {}),
        this.#client.call('dataset:damaged', {}),
      ])
      this.datasets = datasets
      this.damaged = damaged
      this.loaded = true
      if (!this.selectedId && this.datasets.length > 0) await this.select(this.datasets[0].id)
    } catch (err) {
      this.notices.error(err)
    }
  }

  async select(id: string): Promise<void> {
    this.selectedId = id
    this.stats = null
    if (this.damaged.some((d) => d.id === id)) {
      this.detail = null // nothing to load: the view shows why it is damaged and offers Remove
      return
    }
    try {
      const detail = await this.#client.call('dataset:get', { id })
      if (this.selectedId !== id) return
      this.detail = detail
      await this.loadStats(id)
    } catch (err) {
      this.notices.error(err)
    }
  }

  async choose(mode: 'files' | 'folder'): Promise<void> {
    try {
      const { paths } = await this.#client.call('dialog:chooseImport', { mode })
      if (paths.length > 0) this.pending = { paths, name: suggestName(paths) }
    } catch (err) {
      this.notices.error(err)
    }
  }

  async dropped(files: readonly File[]): Promise<void> {
    try {
      const paths = await this.#client.pathsForDrop(files)
      if (paths.length > 0) this.pending = { paths, name: suggestName(paths) }
      else this.notices.push('info', 'Drop MIDI files or folders from your file manager to import them.')
    } catch (err) {
      this.notices.error(err)
    }
  }

  async startImport(name: string): Promise<void> {
    const pending = this.pending
    if (!pending || this.importId) return
    const importId = `imp-${Date.now().toString(36)}-${++this.#seq}`
    this.importId = importId
    this.progress = { importId, done: 0, total: 0, etaSeconds: null, currentFile: null }
    try {
      const detail = await this.#client.call('dataset:create', { importId, name, paths: [...pending.paths] })
      this.pending = null
      const skipped = detail.errorCount > 0 ? `, ${detail.errorCount} skipped` : ''
      this.notices.push('success', `Imported ${detail.fileCount} files into “${detail.name}”${skipped}.`)
      this.datasets = await this.#client.call('dataset:list', {})
      this.selectedId = detail.id
      this.detail = detail
      await this.loadStats(detail.id)
    } catch (err) {
      if (err instanceof StudioError && err.code === 'cancelled') {
        this.pending = null
        this.notices.push('info', 'Import cancelled.')
      } else this.notices.error(err)
    } finally {
      this.importId = null
      this.progress = null
    }
  }

  async cancelImport(): Promise<void> {
    if (!this.importId) return
    try {
      await this.#client.call('dataset:cancelImport', { importId: this.importId })
    } catch (err) {
      this.notices.error(err)
    }
  }

  async setIncluded(keys: readonly string[], included: boolean): Promise<void> {
    const id = this.selectedId
    if (!id || keys.length === 0) return
    try {
      this.detail = await this.#client.call('dataset:setIncluded', { id, keys: [...keys], included })
      this.#patchSummary(this.detail)
      await this.loadStats(id)
    } catch (err) {
      this.notices.error(err)
    }
  }

  async setTags(tags: readonly string[]): Promise<void> {
    const id = this.selectedId
    if (!id) return
    try {
      this.detail = await this.#client.call('dataset:setTags', { id, tags: [...tags] })
      this.#patchSummary(this.detail)
    } catch (err) {
      this.notices.error(err)
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.#client.call('dataset:remove', { id })
      this.datasets = this.datasets.filter((d) => d.id !== id)
      this.damaged = this.damaged.filter((d) => d.id !== id)
      if (this.selectedId === id) {
        this.selectedId = null
        this.detail = null
        this.stats = null
        if (this.datasets.length > 0) await this.select(this.datasets[0].id)
      }
    } catch (err) {
      this.notices.error(err)
    }
  }

  private async loadStats(id: string): Promise<void> {
    const stats = await this.#client.call('dataset:stats', { id })
    if (this.selectedId === id) this.stats = stats
  }

  #patchSummary(d: DatasetDetail): void {
    this.datasets = this.datasets.map((s) => (s.id === d.id ? { ...s, ...summaryOf(d) } : s))
  }
}

function summaryOf(d: DatasetDetail): DatasetSummary {
  const { files: _f, errors: _e, ...summary } = d
  return summary
}
