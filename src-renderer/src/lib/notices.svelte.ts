// Toast/notice queue shared by every screen: errors become sentences via lib/ipc.ts userMessage.
import { userMessage } from './ipc'

/** One visible notice. */
export interface Notice {
  readonly id: number
  readonly kind: 'info' | 'success' | 'warning' | 'error'
  readonly text: string
}

/** Reactive notice list; info/success notices fade after `ttlMs`, errors stay until dismissed. */
export class Notices {
  items = $state.raw<Notice[]>([])
  #next = 1
  readonly #ttlMs: number

  constructor(ttlMs = 5000) {
    this.#ttlMs = ttlMs
  }

  /** Shows a notice; returns its id. `sticky` keeps an info notice up until dismissed (e.g. while quitting). */
  push(kind: Notice['kind'], text: string, sticky = false): number {
    const id = this.#next++
    this.items = [...this.items.slice(-4), { id, kind, text }]
    if (kind !== 'error' && !sticky) setTimeout(() => this.dismiss(id), this.#ttlMs)
    return id
  }

  /** Shows the user message for a failed call. */
  error(err: unknown): void {
    this.push('error', userMessage(err))
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id)
  }
}
