// Asks Save / Don't Save / Cancel when the window closes with unsaved changes. The renderer owns the project, so it
// reports its dirty state here and does the saving; this module only decides whether a close may go through.
import type { MessageBoxOptions } from 'electron'
import type { CloseGuardService } from './ipc/services'

/** The composer's answer to the close prompt. */
export type CloseAnswer = 'save' | 'discard' | 'cancel'

/** What the guard needs from the shell (Electron in the app, fakes in tests). */
export interface CloseGuardOptions {
  /** Shows the prompt for the project called `title`. */
  ask(title: string): Promise<CloseAnswer>
  /** Asks the renderer to save; it answers through {@link CloseGuard.closeAfterSave}. */
  requestSave(): void
  /** Closes the window for real (its 'close' event runs again and is then let through). */
  close(): void
}

/** Button order of the prompt; index = `showMessageBox` response. */
export const CLOSE_BUTTONS = ['Save', "Don't Save", 'Cancel'] as const
const ANSWERS: readonly CloseAnswer[] = ['save', 'discard', 'cancel']

/** Maps a `showMessageBox` response index to an answer (anything unknown, e.g. the window manager's ×, cancels). */
export const answerOf = (response: number): CloseAnswer => ANSWERS[response] ?? 'cancel'

/** The Electron message box options of the prompt for `title`. */
export function promptOptions(title: string): MessageBoxOptions {
  return {
    type: 'warning',
    buttons: [...CLOSE_BUTTONS],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
    message: `Do you want to save the changes to ${title}?`,
    detail: "Your changes will be lost if you don't save them.",
  }
}

/** Decides window closes: let through when clean or answered, hold (and ask once) while unsaved. */
export class CloseGuard implements CloseGuardService {
  #dirty = false
  #title = 'untitled'
  #state: 'idle' | 'asking' | 'saving' | 'closing' = 'idle'
  readonly #o: CloseGuardOptions

  constructor(o: CloseGuardOptions) {
    this.#o = o
  }

  get dirty(): boolean {
    return this.#dirty
  }

  setDirty(dirty: boolean, title: string): void {
    this.#dirty = dirty
    this.#title = title || 'untitled'
  }

  /**
   * Called from the window's 'close' event. True: let the close happen now. False: the caller must
   * `preventDefault()`; the prompt is shown (once, however often the close is repeated while it is open).
   */
  onClose(): boolean {
    if (this.#state === 'closing' || !this.#dirty) return true
    // 'saving' and closed again: the renderer never answered (hung or reloaded), so ask again rather than block.
    if (this.#state === 'idle' || this.#state === 'saving') {
      this.#state = 'asking'
      void this.#ask()
    }
    return false
  }

  /** The renderer saved (or failed / was cancelled) after 'save'; true when the window is now closing. */
  closeAfterSave(saved: boolean): boolean {
    if (this.#state !== 'saving') return false
    if (!saved) {
      this.#state = 'idle' // the save dialog was cancelled or failed: the window stays, the work stays unsaved
      return false
    }
    this.#dirty = false
    this.#closeNow()
    return true
  }

  async #ask(): Promise<void> {
    let answer: CloseAnswer
    try {
      answer = await this.#o.ask(this.#title)
    } catch (err) {
      console.error('could not show the unsaved-changes prompt', err)
      answer = 'cancel' // never lose work because a dialog failed
    }
    if (answer === 'cancel') this.#state = 'idle'
    else if (answer === 'discard') this.#closeNow()
    else {
      this.#state = 'saving'
      this.#o.requestSave()
    }
  }

  #closeNow(): void {
    this.#state = 'closing'
    this.#o.close()
  }
}
