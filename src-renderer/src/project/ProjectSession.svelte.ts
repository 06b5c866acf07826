// The open project, alive for the app's lifetime: the editor state holding the song, its file path, clean/dirty
// tracking, Save / Save As / Open / New over IPC, autosave to the recovery file and the crash-recovery offer.
import type { Song } from '@common/music/song'
import { parseProject } from '@common/project/project'
import { EditorState, emptySong } from '../editor/index'
import type { StudioClient } from '../lib/ipc'
import type { Notices } from '../lib/notices.svelte'
import { savedWhere } from '../lib/web/served'
import { autosaveAction, projectOf, projectTitle } from './projectDoc'

/** An autosave found at start-up that is newer than the last clean save. */
export interface RecoveryOffer {
  readonly song: Song
  readonly path: string | null
  readonly savedAt: string
}

/** Seconds between autosave checks. */
export const AUTOSAVE_SECONDS = 4

export class ProjectSession {
  readonly editor: EditorState
  path = $state<string | null>(null)
  /** The song as last opened/saved; the project is dirty when the editor's song is another object. */
  saved = $state.raw<Song>(emptySong('untitled'))
  recovery = $state.raw<RecoveryOffer | null>(null)
  lastAutosave = $state<string | null>(null)
  #autosaved: Song | null = null
  #autosaving = false
  readonly #client: StudioClient
  readonly #notices: Notices

  constructor(client: StudioClient, n: Notices) {
    this.#client = client
    this.#notices = n
    // The editor's notices (a file it could not import, notes quantize merged) are the app's toasts.
    this.editor = new EditorState({
      song: emptySong('untitled'),
      onNotice: (kind, text) => n.push(kind, text),
    })
    this.saved = this.editor.song
  }

  get dirty(): boolean {
    return this.editor.song !== this.saved
  }
  get title(): string {
    return projectTitle(this.path, this.editor.song, this.dirty)
  }

  /** Save (to the known path) or Save As (asks). Returns false when cancelled or failed. */
  async save(saveAs = false): Promise<boolean> {
    const song = this.editor.song
    try {
      const r = await this.#client.call('project:save', {
        path: saveAs ? undefined : (this.path ?? undefined),
        saveAs,
        project: projectOf(song),
      })
      if (!r) return false
      this.path = r.path
      this.saved = song
      this.#autosaved = null
      this.#notices.push('success', `Saved ${savedWhere(r.path)}`)
      return true
    } catch (err) {
      this.#notices.error(err)
      return false
    }
  }

  async open(): Promise<void> {
    if (!this.mayDiscard()) return
    try {
      const r = await this.#client.call('project:open', {})
      if (!r) return
      // Main validated it already; parsing again gives the typed Project without a cast.
      const project = parseProject(JSON.stringify(r.project), r.path)
      this.#load(project.song, r.path)
    } catch (err) {
      this.#notices.error(err)
    }
  }

  /** Starts an empty project (the previous one is kept only if it was saved). */
  newProject(): void {
    if (!this.mayDiscard()) return
    this.#load(emptySong('untitled'), null)
    void this.#client.call('project:discardRecovery', {}).catch(() => undefined)
  }

  /**
   * True when there are no unsaved changes or the composer agrees to drop them. New, Open and the piano roll's
   * Import MIDI (which replaces the song) all ask this same question.
   */
  mayDiscard(): boolean {
    return !this.dirty || confirm(`Discard the unsaved changes to ${this.title.replace(/ •$/, '')}?`)
  }

  #load(song: Song, path: string | null): void {
    this.editor.load(song)
    this.path = path
    this.saved = this.editor.song
    this.#autosaved = null
  }

  /** Asks main for a recovery file newer than the last clean save; sets `recovery` when there is one. */
  async checkRecovery(): Promise<void> {
    try {
      const r = await this.#client.call('project:recovery', {})
      if (!r) return
      const project = parseProject(JSON.stringify(r.project), 'recovery file')
      this.recovery = { song: project.song, path: r.path, savedAt: r.savedAt }
    } catch (err) {
      this.#notices.error(err)
    }
  }

  /** Opens the recovered song as an unsaved change of its file (or a new project). */
  restore(): void {
    const r = this.recovery
    if (!r) return
    this.recovery = null
    this.editor.load(r.song)
    this.path = r.path
    // Not equal to the editor's song, so it shows as unsaved until the composer saves it.
    this.saved = emptySong(r.song.name)
    this.#autosaved = this.editor.song
  }

  async discardRecovery(): Promise<void> {
    this.recovery = null
    try {
      await this.#client.call('project:discardRecovery', {})
    } catch (err) {
      this.#notices.error(err)
    }
  }

  /** One autosave tick (see `autosaveAction`); never throws, failures become one notice. */
  async autosave(): Promise<void> {
    if (this.#autosaving || this.recovery) return // never overwrite an autosave the composer has not answered
    const song = this.editor.song
    const action = autosaveAction(song, this.saved, this.#autosaved)
    if (action === 'none') return
    this.#autosaving = true
    try {
      if (action === 'discard') await this.#client.call('project:discardRecovery', {})
      else
        this.lastAutosave = (
          await this.#client.call('project:autosave', { project: projectOf(song), path: this.path })
        ).savedAt
      this.#autosaved = action === 'discard' ? null : song
    } catch (err) {
      this.#notices.error(err)
      this.#autosaved = song // report once per change, not every tick
    } finally {
      this.#autosaving = false
    }
  }

  /** Runs `autosave` every `seconds`; returns the stop function. */
  startAutosave(seconds = AUTOSAVE_SECONDS): () => void {
    const t = setInterval(() => void this.autosave(), seconds * 1000)
    return () => clearInterval(t)
  }
}
