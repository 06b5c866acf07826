// Native drag-out of MIDI: writes the renderer's bytes to a temp .mid (atomically) and hands it to
// webContents.startDrag so the composer can drop it into a DAW or the file manager.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserWindow, nativeImage } from 'electron'
import { writeFileAtomic } from '../../datasets/atomicWrite'

// 16×16 PNG (a dark square with a note-head) used as the drag image: startDrag requires a non-empty icon on macOS.
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAOklEQVR4nGPQ0DF5RglmoLkBH05E/QfhUQOGnAEwTciYaAOwaSbaAFyaKXYBvjAiGAaEApn2mYkQBgDwqa+IgxNv8wAAAABJRU5ErkJggg=='

/** Name made safe for a file system: no path separators or control characters, ends in .mid. */
export function dragFileName(suggested: string): string {
  const printable = [...suggested].map((c) => (c.charCodeAt(0) < 32 ? '_' : c)).join('')
  const base = printable.replace(/[/\\:*?"<>|]+/g, '_').slice(0, 120) || 'clip'
  return /\.midi?$/i.test(base) ? base : `${base}.mid`
}

/** Returns the FileService.dragMidi implementation for the window `win()`. */
export function electronDragMidi(win: () => BrowserWindow | null) {
  return async (suggestedName: string, bytes: Uint8Array): Promise<{ started: boolean }> => {
    const w = win()
    if (!w || w.isDestroyed()) return { started: false }
    const dir = await mkdtemp(join(tmpdir(), 'crnngan-drag-'))
    const file = join(dir, dragFileName(suggestedName))
    await writeFileAtomic(file, bytes)
    w.webContents.startDrag({ file, icon: nativeImage.createFromDataURL(ICON) })
    return { started: true }
  }
}
