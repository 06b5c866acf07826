// The editor's reactive state: song, selection, active track, tool, snap, view, mute/solo, loop, and the
// automatic history. Every edit goes through `apply`, which records an undo step (coalesced for drags).
import type { Song } from '@common/music/song'
import type { NoteId, Ticks, TrackId } from '@common/music/units'
import { emptySong } from './model/demoSong'
import { History } from './model/history'
import type { Key } from '@common/music/scale'
import { frozenSet, pruneSelection, toggled } from './model/selection'
import { DEFAULT_SNAP, type Snap } from './model/snap'
import { songEndTick } from '@common/music/time'
import { clampView, type View, zoomToRange } from './view/transform'

export type Tool = 'draw' | 'select' | 'erase'

/** Undoable document state: the song plus the selection (so undo also restores what was selected). */
export interface DocState {
  readonly song: Song
  readonly selection: ReadonlySet<NoteId>
}

/** Loop region in ticks; `enabled` toggles playback looping. */
export interface LoopRegion {
  readonly startTick: Ticks
  readonly endTick: Ticks
  readonly enabled: boolean
}

/** Options of `EditorState`. */
export interface EditorStateOptions {
  readonly song?: Song
  /** Undo steps kept (default 500). */
  readonly historyLimit?: number
  /**
   * Where the editor's notices go (the app's toasts). Without it they go to `message`, the status line, which is
   * what a standalone editor has.
   */
  readonly onNotice?: (kind: 'info' | 'error', text: string) => void
}

/** Reactive editor state; create one per open document and pass it to `<PianoRoll state={…}>`. */
export class EditorState {
  song = $state.raw<Song>(emptySong())
  selection = $state.raw<ReadonlySet<NoteId>>(frozenSet())
  activeTrackId = $state<TrackId>('track1' as TrackId)
  tool = $state<Tool>('draw')
  snap = $state<Snap>(DEFAULT_SNAP)
  view = $state.raw<View>({
    scrollTick: 0,
    topPitch: 84,
    pxPerTick: 0.12,
    keyHeight: 12,
    width: 800,
    height: 480,
  })
  muted = $state.raw<ReadonlySet<TrackId>>(frozenSet())
  solo = $state.raw<ReadonlySet<TrackId>>(frozenSet())
  showGhosts = $state(true)
  key = $state<Key | null>(null)
  loop = $state.raw<LoopRegion>({ startTick: 0, endTick: 0, enabled: false })
  followPlayhead = $state(true)
  /** Default velocity of drawn notes, 1..127. */
  drawVelocity = $state(100)
  /** Quantize settings used by Q and the toolbar (0..1 each). */
  quantizeStrength = $state(1)
  swing = $state(0)
  /** Bumped on every history change so `canUndo`/`canRedo` are reactive. */
  revision = $state(0)
  /** Last error from a command or clipboard/IPC call, for the status line. */
  message = $state<string | null>(null)
  readonly history: History<DocState>
  /** True until the user changes the view: the first real size (ResizeObserver) refits to the notes. */
  #autoFit = true
  readonly #onNotice?: (kind: 'info' | 'error', text: string) => void

  constructor(opts: EditorStateOptions = {}) {
    this.history = new History({ limit: opts.historyLimit ?? 500 })
    this.#onNotice = opts.onNotice
    if (opts.song) this.load(opts.song)
  }

  /** Tells the composer something (a merge, a file that could not be read): a toast when wired, else the status. */
  notify(kind: 'info' | 'error', text: string): void {
    if (this.#onNotice) this.#onNotice(kind, text)
    else this.message = text
  }

  /**
   * Replaces the whole song as ONE undoable step (importing a file over the song): unlike `load`, the history is
   * kept, so Undo brings the previous song back. Fits the view to the new notes.
   */
  replaceSong(song: Song): boolean {
    const changed = this.apply(() => ({ song, select: [] }))
    if (!changed) return false
    this.activeTrackId = song.tracks[0]?.id ?? this.activeTrackId
    this.muted = frozenSet()
    this.solo = frozenSet()
    this.#autoFit = true
    this.fitView()
    return true
  }

  /** Replaces the document (import/open): clears history and selection, fits the view to the notes. */
  load(song: Song): void {
    this.song = song
    this.selection = frozenSet()
    this.history.clear()
    this.activeTrackId = song.tracks[0]?.id ?? ('track1' as TrackId)
    this.muted = frozenSet()
    this.solo = frozenSet()
    this.revision++
    this.#autoFit = true
    this.fitView()
  }

  get activeTrack() {
    return this.song.tracks.find((t) => t.id === this.activeTrackId) ?? this.song.tracks[0]
  }

  get canUndo(): boolean {
    void this.revision
    return this.history.canUndo
  }
  get canRedo(): boolean {
    void this.revision
    return this.history.canRedo
  }

  /**
   * Applies an edit. `fn` gets the current song and returns the new one (or `{song, select}` to also set the
   * selection). No-op edits record nothing. `coalesce` merges consecutive edits with the same key into one
   * undo step until `seal()` (pass one key per drag gesture).
   */
  apply(
    fn: (song: Song) => Song | { song: Song; select?: Iterable<NoteId> },
    opts: { coalesce?: string } = {},
  ): boolean {
    let res: ReturnType<typeof fn>
    try {
      res = fn(this.song)
    } catch (err) {
      this.message = err instanceof Error ? err.message : String(err)
      return false
    }
    const next = 'tracks' in res ? res : res.song
    const select = 'tracks' in res ? undefined : res.select
    if (next === this.song) {
      // Nothing to undo: a selection-only change is not a history step.
      if (select !== undefined) this.selection = frozenSet(select)
      return false
    }
    this.history.record({ song: this.song, selection: this.selection }, opts.coalesce)
    this.song = next
    this.selection = select !== undefined ? frozenSet(select) : pruneSelection(next, this.selection)
    if (!next.tracks.some((t) => t.id === this.activeTrackId) && next.tracks[0])
      this.activeTrackId = next.tracks[0].id
    this.revision++
    return true
  }

  /** Ends the current coalesced step (pointer-up). */
  seal(): void {
    this.history.seal()
  }

  /**
   * Takes back the drag `key` is coalescing (pointercancel, Escape): song and selection return to what they were
   * before it, and it leaves no undo step. False when that drag changed nothing.
   */
  abandon(key: string): boolean {
    return this.#restore(this.history.rollback(key))
  }

  undo(): boolean {
    return this.#restore(this.history.undo({ song: this.song, selection: this.selection }))
  }
  redo(): boolean {
    return this.#restore(this.history.redo({ song: this.song, selection: this.selection }))
  }
  #restore(doc: DocState | undefined): boolean {
    if (!doc) return false
    this.song = doc.song
    this.selection = doc.selection
    if (!doc.song.tracks.some((t) => t.id === this.activeTrackId) && doc.song.tracks[0])
      this.activeTrackId = doc.song.tracks[0].id
    this.revision++
    return true
  }

  select(ids: Iterable<NoteId>): void {
    this.selection = frozenSet(ids)
  }

  setView(v: View): void {
    this.#autoFit = false
    this.view = clampView(v)
  }

  /** Sets the note-area size in CSS pixels (from a ResizeObserver). */
  resize(width: number, height: number): void {
    if (width === this.view.width && height === this.view.height) return
    this.view = clampView({ ...this.view, width: Math.max(1, width), height: Math.max(1, height) })
    if (this.#autoFit) this.fitView()
  }

  /** Zooms to all notes (or a default window for an empty song). */
  fitView(): void {
    let lo = 127,
      hi = 0
    for (const t of this.song.tracks)
      for (const n of t.notes) [lo, hi] = [Math.min(lo, n.pitch), Math.max(hi, n.pitch)]
    const end = songEndTick(this.song)
    if (end === 0) {
      this.view = clampView({
        ...this.view,
        scrollTick: 0,
        topPitch: 84,
        pxPerTick: this.view.width / (this.song.ppq * 16),
      })
      return
    }
    const v = zoomToRange(this.view, 0, Math.min(end, this.song.ppq * 4 * 16), lo - 2, hi + 2)
    this.view = { ...v, scrollTick: 0 }
  }

  toggleMute(id: TrackId): void {
    this.muted = toggled(this.muted, id)
  }
  toggleSolo(id: TrackId): void {
    this.solo = toggled(this.solo, id)
  }
}
