// End-to-end: the Library screen in Chromium against the real services (DatasetStore on a temp library): empty
// state → import 12 JSB chorales + 1 corrupt file with visible progress → stats and skipped list → exclude a file
// → tags → cancel a large import → drag-and-drop. Screenshots land in test-artifacts/screenshots/.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import type { DatasetId } from '../../src-main/datasets/types'
import { corpusDir, corpusFiles, hasCorpus } from '../support/corpus'
import { openStudio, type Studio } from './support/harness'
import { LibraryPage } from './support/libraryPage'

describe.skipIf(!hasCorpus)('Library screen (real corpus)', () => {
  let studio: Studio
  let lib: LibraryPage
  let corrupt: string
  const chorales = corpusFiles('jsb-chorales/train').slice(0, 12)

  beforeAll(async () => {
    studio = await openStudio()
    lib = new LibraryPage(studio)
    corrupt = join(studio.tmp, 'broken.mid')
    // A MIDI header that promises a track but ends early: the reader must report it, not crash the import.
    writeFileSync(corrupt, Buffer.from('4d546864000000060001000101e04d54726b000000ff0090', 'hex'))
  })
  afterAll(async () => {
    await studio?.close()
  })

  it('starts with an empty state that teaches the first step', async () => {
    await lib.empty.getByRole('heading', { name: 'Import a folder of MIDI files' }).waitFor()
    // The real trainer host (worker thread) reports its backend once tfjs is loaded.
    await studio.page
      .getByTestId('backend')
      .getByText(/Engine: (cpu|wasm|tensorflow)/)
      .waitFor({ timeout: 60_000 })
    await studio.shot('library-empty')
  })

  it('imports 12 chorales + 1 corrupt file with visible progress', async () => {
    await lib.chooseFiles([...chorales, corrupt])
    await expect(lib.page.getByTestId('dataset-name').inputValue()).resolves.toBe('jsb_train_000 and 12 more')
    await studio.shot('library-new-dataset')
    const seen = await lib.watchProgress()
    await lib.startImport('JSB sample')
    await lib.view.waitFor()
    const texts = await seen()
    expect(texts.some((t) => /^(Scanning…|\d+ of 13 files)$/.test(t))).toBe(true)
    await expect(lib.page.getByTestId('dataset-title').textContent()).resolves.toBe('JSB sample')
    await expect(lib.summary.textContent()).resolves.toMatch(/12 of 12 files included.*1 skipped/s)
  })

  it('shows statistics with histograms and the six paper metrics', async () => {
    await lib.page.getByTestId('stats').waitFor()
    expect(await lib.page.locator('[data-testid="stats"] svg rect').count()).toBeGreaterThan(12)
    const rows = lib.page.locator('[data-testid="metrics"] tbody tr')
    expect(await rows.count()).toBe(6)
    const scale = await lib.page.getByTestId('metric-scaleConsistency').textContent()
    // Bach chorales are tonal: mean scale consistency well above chance (~58 % for random pitch classes).
    const mean = Number(/([\d.]+) %/.exec(scale ?? '')?.[1])
    expect(mean).toBeGreaterThan(85)
    await studio.shot('library-stats')
  })

  it('lists the corrupt file with a reason', async () => {
    await lib.tab('Skipped')
    const row = lib.page.getByTestId('error-row')
    expect(await row.count()).toBe(1)
    await expect(row.textContent()).resolves.toMatch(/broken\.mid/)
    await expect(row.locator('.reason').textContent()).resolves.toMatch(
      /Truncated|Corrupt|Not a MIDI file|No notes/,
    )
    await studio.shot('library-skipped')
  })

  it('excludes a file: summary, stats and the manifest on disk follow', async () => {
    await lib.tab('Files')
    expect(await lib.page.getByTestId('file-row').count()).toBe(12)
    const notesBefore = await lib.page.getByTestId('dataset-summary').textContent()
    await lib.fileCheckbox('jsb_train_003.mid').uncheck()
    await lib.page.getByTestId('dataset-summary').getByText('11 of 12 files included').waitFor()
    expect(await lib.page.getByTestId('dataset-summary').textContent()).not.toBe(notesBefore)
    await studio.shot('library-files')

    const store = new DatasetStore(studio.bridge.libraryDir)
    const [ds] = (await store.list()).datasets
    const info = await store.get(ds.id as DatasetId)
    expect(info.files.filter((f) => !f.included).map((f) => f.name)).toEqual(['jsb_train_003.mid'])
    expect((await store.stats(ds.id as DatasetId)).counts.included).toBe(11)
  })

  it('adds a tag that persists in the library', async () => {
    await lib.page.getByTestId('tag-input').fill('chorales')
    await lib.page.getByTestId('tag-input').press('Enter')
    await lib.page.getByTestId('tag').getByText('chorales').waitFor()
    const store = new DatasetStore(studio.bridge.libraryDir)
    expect((await store.list()).datasets[0].tags).toEqual(['chorales'])
  })

  it('shows progress with ETA for a large import and cancels it cleanly', async () => {
    await lib.chooseFolder([join(corpusDir, 'jsb-chorales')])
    await expect(lib.page.getByTestId('dataset-name').inputValue()).resolves.toBe('jsb-chorales')
    // The bridge holds the import after 8 files (a test-only gate around the parse pool), so Cancel always meets a
    // running import: on an idle machine the whole 382-file import used to finish before the click.
    const gate = studio.bridge.importGate
    gate.hold(8)
    try {
      await lib.startImport('All chorales')
      await gate.held()
      await lib.page.getByTestId('import-count').getByText('8 of 382 files').waitFor({ timeout: 60_000 })
      await expect(lib.page.getByTestId('import-eta').textContent()).resolves.toMatch(/left|estimating/)
      await studio.shot('library-importing')
      await lib.page.getByRole('button', { name: 'Cancel import' }).click()
      await lib.page.getByTestId('notice-info').getByText('Import cancelled.').waitFor()
    } finally {
      gate.release()
    }
    expect(await lib.page.getByTestId('dataset-item').count()).toBe(1)
    const store = new DatasetStore(studio.bridge.libraryDir)
    expect((await store.list()).datasets.map((d) => d.name)).toEqual(['JSB sample'])
  })

  it('drops a folder on the window to start a new dataset', async () => {
    await lib.drop([join(corpusDir, 'mutopia-bach')])
    await expect(lib.page.getByTestId('dataset-name').inputValue()).resolves.toBe('mutopia-bach')
    await lib.page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await lib.page.getByTestId('import-panel').waitFor({ state: 'detached' })
  })

  it('raised no page errors or CSP violations', () => {
    expect(studio.problems).toEqual([])
  })
})
