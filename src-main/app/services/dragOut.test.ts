// Drag-out: safe temp file names, the temp .mid holds exactly the bytes, and startDrag receives it with an icon.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({
  nativeImage: { createFromDataURL: (url: string) => ({ url, isEmpty: () => url.length < 30 }) },
}))
const { dragFileName, electronDragMidi } = await import('./dragOut')

describe('drag-out', () => {
  it('makes file-system-safe .mid names', () => {
    expect(dragFileName('a/b\\c:d.mid')).toBe('a_b_c_d.mid')
    expect(dragFileName('song (selection)')).toBe('song (selection).mid')
    expect(dragFileName('x\u0001y')).toBe('x_y.mid')
    expect(dragFileName('')).toBe('clip.mid')
  })
  it('writes the bytes to a temp file and starts a native drag of it', async () => {
    const startDrag = vi.fn()
    const win = { isDestroyed: () => false, webContents: { startDrag } }
    const drag = electronDragMidi(() => win as never)
    const bytes = new Uint8Array([77, 84, 104, 100, 1, 2, 3])
    expect(await drag('My clip', bytes)).toEqual({ started: true })
    const [{ file, icon }] = startDrag.mock.calls[0] as [{ file: string; icon: { isEmpty(): boolean } }]
    expect(basename(file)).toBe('My clip.mid')
    expect(new Uint8Array(readFileSync(file))).toEqual(bytes)
    expect(icon.isEmpty()).toBe(false)
    expect(await electronDragMidi(() => null)('x', bytes)).toEqual({ started: false })
  })
})
