// End-to-end: the app shell against the real bridge, with MIDI fixtures written in the test (no corpus needed):
// keyboard navigation and a screenshot of every screen, the menu's Import command, errors shown as sentences,
// and the IPC guards (unknown channels, paths the user did not choose) as seen from the page.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSong } from '../../src-main/common/midi/writeSong'
import type { Song } from '../../src-main/common/music/song'
import type { NoteId, TrackId } from '../../src-main/common/music/units'
import { openStudio, type Studio } from './support/harness'
import { LibraryPage } from './support/libraryPage'

/** An arpeggio of `n` eighth notes over a triad on `root`. */
function arpeggio(name: string, root: number, n: number): Song {
  const chord = [0, 4, 7, 12]
  return {
    name,
    ppq: 480,
    tempos: [{ tick: 0, bpm: 96 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: [
      {
        id: 't0' as TrackId,
        name: 'piano',
        channel: 0,
        program: 0,
        notes: Array.from({ length: n }, (_, i) => ({
          id: `n${i}` as NoteId,
          pitch: root + chord[i % 4],
          startTick: i * 240,
          durationTicks: 200,
          velocity: 70 + (i % 5) * 5,
        })),
      },
    ],
  }
}

describe('app shell', () => {
  let studio: Studio
  let lib: LibraryPage
  let files: string[]

  beforeAll(async () => {
    studio = await openStudio()
    lib = new LibraryPage(studio)
    files = ['c', 'f', 'g'].map((n, i) => {
      const p = join(studio.tmp, `${n}-arpeggio.mid`)
      writeFileSync(p, writeSong(arpeggio(n, 60 + [0, 5, 7][i], 48)))
      return p
    })
  })
  afterAll(async () => {
    await studio?.close()
  })

  it('navigates screens with Ctrl+1..3 and saves a screenshot of each', async () => {
    await lib.empty.waitFor()
    for (const [key, screen] of [
      ['2', 'train'],
      ['3', 'compose'],
      ['1', 'library'],
    ] as const) {
      await studio.page.keyboard.press(`Control+${key}`)
      await studio.page.locator(`[data-screen="${screen}"][aria-current="page"]`).waitFor()
      await studio.shot(`screen-${screen}`)
    }
  })

  it('runs File → Import MIDI… from the menu and imports the chosen files', async () => {
    studio.bridge.pickers.imports.push(files)
    studio.bridge.emit('menu:command', { command: 'midi:import' })
    await studio.page.getByTestId('dataset-name').waitFor()
    await lib.startImport('Arpeggios')
    await lib.view.waitFor()
    await expect(lib.summary.textContent()).resolves.toMatch(/3 of 3 files included · 144 notes/)
    await lib.page.getByTestId('metric-toneSpan').getByText('12', { exact: true }).waitFor()
  })

  it('turns a failed import into a readable notice (name already taken)', async () => {
    await lib.chooseFolder([files[0]])
    await lib.startImport('arpeggios')
    const notice = lib.page.getByTestId('notice-error')
    await notice.waitFor()
    await expect(notice.textContent()).resolves.toMatch(/That name is already taken\..*already exists/)
    await studio.shot('library-error-notice')
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    await lib.page.getByRole('button', { name: 'Cancel', exact: true }).click()
  })

  it('refuses, from the page, unknown channels and paths the user never chose', async () => {
    const results = await studio.page.evaluate(async () => {
      const s = window.studio!
      const bogus = await s.invoke('fs:read' as 'dataset:list', {})
      const sneaky = await s.invoke('drop:allow' as 'dataset:list', { paths: ['/etc'] } as never)
      const forbidden = await s.invoke('dataset:create', {
        importId: 'x1',
        name: 'etc',
        paths: ['/etc/hostname'],
      })
      const invalid = await s.invoke('dataset:get', { id: 42 as unknown as string })
      return [bogus, sneaky, forbidden, invalid].map((r) => (r.ok ? 'ok' : r.error.code))
    })
    expect(results).toEqual(['unknown-channel', 'unknown-channel', 'forbidden-path', 'invalid-request'])
  })

  it('raised no page errors or CSP violations', () => {
    expect(studio.problems).toEqual([])
  })
})
