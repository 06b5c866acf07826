// The one replaced part of the bridge: "dialogs" answer with paths a test queued, instead of asking a person.
import type { Pickers } from '../../src-main/app/services/fileService'

/** Queues of answers; an empty queue behaves like the user pressing Cancel. */
export class TestPickers implements Pickers {
  readonly imports: string[][] = []
  readonly opens: string[] = []
  readonly saves: string[] = []
  /** Paths a synthetic drop resolves to (consumed by the next drop). */
  drops: string[] = []

  async chooseImport(): Promise<string[]> {
    return this.imports.shift() ?? []
  }
  async openFile(): Promise<string | null> {
    return this.opens.shift() ?? null
  }
  async saveFile(): Promise<string | null> {
    return this.saves.shift() ?? null
  }
}
