// High-level editor actions (what shortcuts, menus and toolbar buttons call): each wraps one pure command
// with the current selection, snap and active track, and goes through `state.apply` so it is undoable.
import { editMenuAction, type MenuCommand } from '@common/ipc/dtos'
import type { StudioClient } from '../lib/ipc'
import { importMidi, type ImportOptions } from './importMidi'
import type { NoteId } from '@common/music/units'
import {
  type ClipboardNotes,
  copyNotes,
  cutNotes,
  parseClipboard,
  pasteNotes,
} from './model/commandsClipboard'
import { deleteNotes, duplicateNotes, moveNotes, transposeNotes } from './model/commandsNotes'
import { changeVelocity, fitToScale, quantizeNotes, rampVelocity } from './model/commandsTransform'
import { allNoteIds } from './model/selection'
import { notesByIds } from './model/songOps'
import type { EditorAction } from './model/shortcuts'
import { gridTicks, snapTick } from './model/snap'
import type { EditorState } from './EditorState.svelte'
import { endTick, zoomToRange, zoomX, zoomY } from './view/transform'

/** Transport hooks the editor can drive (the playback feature implements them). */
export interface TransportControls {
  playPause(): void
  stop(): void
  /** Current playhead in ticks (for paste position). */
  positionTick(): number
}

let memoryClipboard: string | null = null

/** Writes text to the system clipboard, keeping an in-memory copy for when the clipboard API is refused. */
async function writeClipboard(text: string): Promise<void> {
  memoryClipboard = text
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    // Permission denied or no focus: the in-memory copy still serves paste within the app.
  }
}

async function readClipboard(): Promise<ClipboardNotes | null> {
  try {
    const fromSystem = parseClipboard(await navigator.clipboard.readText())
    if (fromSystem) return fromSystem
  } catch {
    // Same fallback as above.
  }
  return memoryClipboard ? parseClipboard(memoryClipboard) : null
}

export async function copySelection(s: EditorState): Promise<void> {
  const clip = copyNotes(s.song, s.selection)
  if (clip) await writeClipboard(JSON.stringify(clip))
}

export async function cutSelection(s: EditorState): Promise<void> {
  let clip: ClipboardNotes | null = null
  s.apply((song) => {
    const r = cutNotes(song, s.selection)
    clip = r.clip
    return { song: r.song, select: [] }
  })
  if (clip) await writeClipboard(JSON.stringify(clip))
}

/** Pastes into the active track at `atTick` (default: the playhead, else the view's left edge). */
export async function paste(s: EditorState, atTick?: number): Promise<void> {
  const clip = await readClipboard()
  if (!clip) return
  const at = atTick ?? Math.round(s.view.scrollTick)
  s.apply((song) => {
    const r = pasteNotes(song, { trackId: s.activeTrackId, atTick: at, clip })
    return { song: r.song, select: r.newIds }
  })
}

/** Quantizes the selection; same-pitch notes that land on one tick are merged, and the composer is told. */
export function quantizeSelection(s: EditorState): boolean {
  const count = (): number => s.song.tracks.reduce((a, t) => a + t.notes.length, 0)
  const before = count()
  const done = s.apply((song) =>
    quantizeNotes(song, {
      ids: s.selection,
      grid: gridTicks(song.ppq, s.snap),
      strength: s.quantizeStrength,
      swing: s.swing,
    }),
  )
  const merged = before - count()
  if (merged > 0)
    s.notify(
      'info',
      `Quantize merged ${merged} note${merged === 1 ? '' : 's'} that landed on the same tick and pitch as another.`,
    )
  return done
}

export const fitSelectionToScale = (s: EditorState): boolean =>
  s.key ? s.apply((song) => fitToScale(song, { ids: s.selection, key: s.key! })) : false

export const transposeSelection = (s: EditorState, semitones: number): boolean =>
  s.apply((song) => transposeNotes(song, { ids: s.selection, semitones }))

/** Relative velocity change of the selection (add, then clamp 1..127). */
export const nudgeVelocity = (s: EditorState, add: number): boolean =>
  s.apply((song) => changeVelocity(song, { ids: s.selection, add }))

/** Linear velocity ramp over the selection. */
export const rampSelection = (s: EditorState, from: number, to: number): boolean =>
  s.apply((song) => rampVelocity(song, { ids: s.selection, from, to }))

export function zoomToSelection(s: EditorState): void {
  const notes = notesByIds(s.song, s.selection.size ? s.selection : allNoteIds(s.song))
  if (notes.length === 0) return
  const t0 = Math.min(...notes.map((n) => n.startTick))
  const t1 = Math.max(...notes.map((n) => n.startTick + n.durationTicks))
  s.setView(
    zoomToRange(
      s.view,
      t0,
      t1,
      Math.min(...notes.map((n) => n.pitch)),
      Math.max(...notes.map((n) => n.pitch)),
    ),
  )
}

/** Paste position: the playhead when it is on screen, else the first grid line in view. */
function pasteTick(s: EditorState, transport?: TransportControls): number {
  const ph = transport?.positionTick()
  if (ph !== undefined && ph > 0 && ph >= s.view.scrollTick && ph < endTick(s.view)) return ph
  return snapTick(s.song, s.view.scrollTick + gridTicks(s.song.ppq, s.snap) / 2 - 1e-6, s.snap)
}

/** Performs a shortcut/menu action; returns false when it did not apply (so the key event can propagate). */
export function runAction(s: EditorState, action: EditorAction, transport?: TransportControls): boolean {
  const ids: ReadonlySet<NoteId> = s.selection
  const grid = Math.max(1, Math.round(gridTicks(s.song.ppq, s.snap)))
  switch (action) {
    case 'undo':
      return s.undo()
    case 'redo':
      return s.redo()
    case 'copy':
      void copySelection(s)
      return true
    case 'cut':
      void cutSelection(s)
      return true
    case 'paste':
      void paste(s, pasteTick(s, transport))
      return true
    case 'duplicate':
      return s.apply((song) => {
        const r = duplicateNotes(song, { ids })
        return { song: r.song, select: r.newIds }
      })
    case 'delete':
      return s.apply((song) => deleteNotes(song, { ids }))
    case 'selectAll':
      s.select(s.activeTrack ? s.activeTrack.notes.map((n) => n.id) : [])
      return true
    case 'deselect':
      s.select([])
      return true
    case 'left':
      return s.apply((song) => moveNotes(song, { ids, dTicks: -grid, dPitch: 0 }))
    case 'right':
      return s.apply((song) => moveNotes(song, { ids, dTicks: grid, dPitch: 0 }))
    case 'up':
      return s.apply((song) => moveNotes(song, { ids, dTicks: 0, dPitch: 1 }))
    case 'down':
      return s.apply((song) => moveNotes(song, { ids, dTicks: 0, dPitch: -1 }))
    case 'octaveUp':
      return s.apply((song) => moveNotes(song, { ids, dTicks: 0, dPitch: 12 }))
    case 'octaveDown':
      return s.apply((song) => moveNotes(song, { ids, dTicks: 0, dPitch: -12 }))
    case 'toolDraw':
      s.tool = 'draw'
      return true
    case 'toolSelect':
      s.tool = 'select'
      return true
    case 'toolErase':
      s.tool = 'erase'
      return true
    case 'quantize':
      return quantizeSelection(s)
    case 'zoomInX':
      s.setView(zoomX(s.view, 1.25))
      return true
    case 'zoomOutX':
      s.setView(zoomX(s.view, 0.8))
      return true
    case 'zoomInY':
      s.setView(zoomY(s.view, 1.25))
      return true
    case 'zoomOutY':
      s.setView(zoomY(s.view, 0.8))
      return true
    case 'zoomToSelection':
      zoomToSelection(s)
      return true
    case 'playPause':
      transport?.playPause()
      return !!transport
    case 'stop':
      transport?.stop()
      return !!transport
  }
}

/**
 * Runs the shell's menu commands that belong to the editor (Edit menu, File › Import MIDI, which opens the file
 * over `opts.client`); returns false for others. The screen embedding the editor forwards `menu:command` here.
 */
export function runMenuCommand(
  s: EditorState,
  command: MenuCommand,
  transport: TransportControls | undefined,
  opts: ImportOptions & { readonly client: StudioClient },
): boolean {
  if (command === 'midi:import') {
    void importMidi(opts.client, s, 'replace', opts)
    return true
  }
  const a: EditorAction | undefined = editMenuAction(command)
  return a ? runAction(s, a, transport) : false
}
