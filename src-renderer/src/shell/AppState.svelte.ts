// Shell state: which screen is shown and what `app:info` reported (backend indicator).
import type { AppInfo } from '@common/ipc/dtos'
import type { StudioClient } from '../lib/ipc'
import type { Notices } from '../lib/notices.svelte'

export type Screen = 'library' | 'train' | 'compose'
export const SCREENS: readonly { id: Screen; label: string; key: string }[] = [
  { id: 'library', label: 'Library', key: '1' },
  { id: 'train', label: 'Train', key: '2' },
  { id: 'compose', label: 'Compose', key: '3' },
]

export class AppState {
  screen = $state<Screen>('library')
  info = $state.raw<AppInfo | null>(null)
  readonly #client: StudioClient
  readonly #notices: Notices

  constructor(client: StudioClient, notices: Notices) {
    this.#client = client
    this.#notices = notices
  }

  /** Loads `app:info` and follows `engine:ready`; returns the unsubscribe function. */
  connect(): () => void {
    void this.loadInfo()
    return this.#client.on('engine:ready', ({ backend }) => {
      if (this.info) this.info = { ...this.info, backend }
      else void this.loadInfo()
    })
  }

  async loadInfo(): Promise<void> {
    try {
      this.info = await this.#client.call('app:info', {})
    } catch (err) {
      this.#notices.error(err)
    }
  }
}
