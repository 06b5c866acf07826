// Quitting (or closing the last window) while a run trains: the quit is held until the engine has saved a checkpoint
// (bounded by TrainingService.stopForQuit's wait), then goes through. Before, the trainer was killed at once and the
// work since the last periodic checkpoint was lost.

/** What the guard needs from the shell (Electron in the app, fakes in tests). */
export interface QuitGuardOptions {
  /** Whether a run is training right now. */
  training(): boolean
  /** Stops the run with a checkpoint; resolves when it is saved or the bounded wait is over. */
  saveAndStop(): Promise<unknown>
  /** Quits (or closes the window) for real; the quit/close event runs again and is let through. */
  proceed(): void
}

/** Decides quit attempts: through when idle, held once (saving) while training. */
export class QuitGuard {
  #state: 'idle' | 'saving' | 'done' = 'idle'
  readonly #o: QuitGuardOptions

  constructor(o: QuitGuardOptions) {
    this.#o = o
  }

  /** True while the checkpoint is being saved. */
  get saving(): boolean {
    return this.#state === 'saving'
  }

  /**
   * Called from 'before-quit' and the window's 'close'. True: let it happen now. False: the caller must
   * `preventDefault()`; the save runs (once, however often the quit is repeated) and then `proceed()` is called.
   */
  onQuit(): boolean {
    if (this.#state === 'done') return true
    if (this.#state === 'saving') return false
    if (!this.#o.training()) return true
    this.#state = 'saving'
    void this.#o
      .saveAndStop()
      .catch((err: unknown) => console.error('could not save a checkpoint before quitting', err))
      .finally(() => {
        this.#state = 'done'
        this.#o.proceed()
      })
    return false
  }
}
