// Window state: defaults, validation of a hand-edited/corrupt file, atomic round trip.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_WINDOW_STATE, loadWindowState, sanitizeWindowState, saveWindowState } from './windowState'

describe('window state', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'winstate-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('defaults to 1280×800 when nothing is saved or the file is corrupt', async () => {
    expect(DEFAULT_WINDOW_STATE).toMatchObject({ width: 1280, height: 800 })
    expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE)
    writeFileSync(join(dir, 'window-state.json'), '{"width": 1300,')
    expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE)
  })

  it('round-trips through an atomic write (no temp file left)', async () => {
    await saveWindowState(dir, { x: 10, y: 20, width: 1400, height: 900, maximized: true })
    expect(await loadWindowState(dir)).toEqual({ x: 10, y: 20, width: 1400, height: 900, maximized: true })
    expect(readdirSync(dir)).toEqual(['window-state.json'])
  })

  it('rejects sizes below the minimum and drops a partial position', () => {
    expect(sanitizeWindowState({ width: 200, height: 900 })).toEqual(DEFAULT_WINDOW_STATE)
    expect(sanitizeWindowState({ width: 1000, height: 700, x: 5 })).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    })
    expect(sanitizeWindowState({ width: 1000.5, height: 700 })).toEqual(DEFAULT_WINDOW_STATE)
    expect(sanitizeWindowState(null)).toEqual(DEFAULT_WINDOW_STATE)
  })
})
