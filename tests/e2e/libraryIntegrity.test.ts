// End-to-end: the library's own files in Chromium against the real services. A dataset with a damaged manifest is
// listed as damaged (with the reason) and removed from the Library screen; the page cannot overwrite a dataset's
// manifest.json through the file channels (project:save, project:autosave). Needs no corpus: files are built here.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import { MANIFEST_FILE } from '../../src-main/datasets/manifest'
import { melody, smf } from '../../src-main/datasets/testing/smfFixture'
import type { DatasetId } from '../../src-main/datasets/types'
import { openStudio, type Studio } from './support/harness'

describe('Library integrity (damaged datasets, protected library files)', () => {
  let studio: Studio
  let store: DatasetStore
  let good: DatasetId
  let bad: DatasetId

  beforeAll(async () => {
    studio = await openStudio()
    const src = join(studio.tmp, 'src')
    mkdirSync(src)
    for (let i = 0; i < 3; i++) writeFileSync(join(src, `m${i}.mid`), smf(melody([60 + i, 64, 67, 72], 24)))
    store = new DatasetStore(studio.bridge.libraryDir)
    good = (await store.create('Arpeggios', [src])).id
    bad = (await store.create('Broken', [src])).id
    // A manifest cut off mid-write by another program: invalid JSON.
    writeFileSync(
      join(studio.bridge.libraryDir, bad, MANIFEST_FILE),
      '{"format":"crnngan-dataset","version":1,"id":',
    )
    await studio.page.reload()
  })
  afterAll(async () => {
    await studio?.close()
  })

  it('lists a dataset with a damaged manifest as damaged, with the reason, and removes it', async () => {
    const page = studio.page
    const item = page.getByTestId('damaged-item')
    await item.waitFor()
    await expect(item.textContent()).resolves.toMatch(/Damaged dataset.*Manifest damaged/s)
    expect(await page.getByTestId('dataset-item').count()).toBe(1)
    await item.click()
    const view = page.getByTestId('damaged-view')
    await view.waitFor()
    await expect(page.getByTestId('damaged-message').textContent()).resolves.toMatch(
      new RegExp(`${bad}[\\\\/]manifest\\.json is not valid JSON`),
    )
    await studio.shot('library-damaged')
    await view.getByRole('button', { name: 'Remove…' }).click()
    await view.getByRole('button', { name: 'Remove', exact: true }).click()
    await item.waitFor({ state: 'detached' })
    expect(existsSync(join(studio.bridge.libraryDir, bad))).toBe(false)
    const listed = await store.list()
    expect(listed.damaged).toEqual([])
    expect(listed.datasets.map((d) => d.id)).toEqual([good])
  })

  it('refuses, from the page, to write a dataset manifest through project:save or project:autosave', async () => {
    const manifest = join(studio.bridge.libraryDir, good, MANIFEST_FILE)
    const before = readFileSync(manifest, 'utf8')
    const codes = await studio.page.evaluate(async (path) => {
      const s = window.studio!
      const project = {
        version: 1,
        song: {
          name: 'x',
          ppq: 480,
          tempos: [{ tick: 0, bpm: 120 }],
          timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
          tracks: [],
        },
        clips: [],
      }
      const save = await s.invoke('project:save', { path, project })
      const autosave = await s.invoke('project:autosave', { project, path })
      return [save, autosave].map((r) => (r.ok ? 'ok' : r.error.code))
    }, manifest)
    expect(codes).toEqual(['forbidden-path', 'forbidden-path'])
    expect(readFileSync(manifest, 'utf8')).toBe(before)
    expect((await store.loadEncoded(good, { tonesPerCell: 1 })).cells).toHaveLength(3)
  })

  it('raised no page errors or CSP violations', () => {
    expect(studio.problems).toEqual([])
  })
})
