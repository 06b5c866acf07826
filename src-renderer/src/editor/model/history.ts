// Undo/redo over immutable snapshots. Commands share structure, so a step costs only the arrays it replaced;
// bounded (oldest steps dropped) and coalescing (a drag's many updates become one step).

/** Options of `History`. */
export interface HistoryOptions {
  /** Maximum undo steps kept (default 500). */
  readonly limit?: number
}

/**
 * A bounded undo/redo stack of immutable states `T` (e.g. `{ song, selection }`).
 * Call `record(before, key)` before installing a new state; the same non-empty `key` as the previous
 * record (until `seal()`) coalesces into that step, so a drag is one undo.
 */
export class History<T> {
  readonly limit: number
  #undo: T[] = []
  #redo: T[] = []
  #openKey: string | null = null
  /** The redo stack the open step cleared, so a rolled-back step gives it back. */
  #redoBeforeOpen: T[] = []

  constructor(opts: HistoryOptions = {}) {
    this.limit = opts.limit ?? 500
    if (!Number.isInteger(this.limit) || this.limit < 1)
      throw new Error(`history limit must be an integer ≥ 1, got ${opts.limit}`)
  }

  /** Records `before` as an undo point for the edit about to be applied. */
  record(before: T, key?: string): void {
    if (key !== undefined && key === this.#openKey) return
    this.#redoBeforeOpen = key === undefined ? [] : this.#redo
    this.#redo = []
    this.#openKey = key ?? null
    this.#undo.push(before)
    if (this.#undo.length > this.limit) this.#undo.splice(0, this.#undo.length - this.limit)
  }

  /** Ends coalescing: the next record starts a new step even with the same key (call on pointer-up). */
  seal(): void {
    this.#openKey = null
  }

  /**
   * Takes back the open coalesced step `key` as if it had never been recorded (a cancelled drag): returns the state
   * from before it, and restores the redo stack it cleared. Undefined (and nothing changes) when `key` is not the
   * open step, e.g. the drag never changed anything or was already sealed.
   */
  rollback(key: string): T | undefined {
    if (key !== this.#openKey) return undefined
    const before = this.#undo.pop()
    this.#openKey = null
    this.#redo = this.#redoBeforeOpen
    this.#redoBeforeOpen = []
    return before
  }

  /** The state to return to, given the current one (which goes onto the redo stack); undefined if none. */
  undo(current: T): T | undefined {
    const prev = this.#undo.pop()
    if (prev === undefined) return undefined
    this.#openKey = null
    this.#redo.push(current)
    return prev
  }

  /** The state to go forward to; undefined if none. */
  redo(current: T): T | undefined {
    const next = this.#redo.pop()
    if (next === undefined) return undefined
    this.#openKey = null
    this.#undo.push(current)
    return next
  }

  get canUndo(): boolean {
    return this.#undo.length > 0
  }
  get canRedo(): boolean {
    return this.#redo.length > 0
  }
  /** Number of undo steps held. */
  get size(): number {
    return this.#undo.length
  }
  clear(): void {
    this.#undo = []
    this.#redo = []
    this.#redoBeforeOpen = []
    this.#openKey = null
  }
}
