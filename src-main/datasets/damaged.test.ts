// A dataset whose manifest is damaged is listed as damaged (with the reason) and can be removed; before, it was left
// out of the list and `remove` refused it, so it stayed on disk for good. Also through `crnngan dataset`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../tests/unit/cliRun'
import { DatasetStore } from './DatasetStore'
import { MANIFEST_FILE } from './manifest'
import { melody, smf } from './testing/smfFixture'

const root = mkdtempSync(join(tmpdir(), 'damaged-'))
const src = join(root, 'a.mid')
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(() => writeFileSync(src, smf(melody([60, 64, 67], 8))))

describe('damaged datasets', () => {
  it('are listed with the reason, and removed completely', async () => {
    const lib = join(root, 'lib')
    const store = new DatasetStore(lib)
    const ok = await store.create('fine', [src])
    const bad = await store.create('broken', [src])
    const gone = await store.create('no manifest', [src])
    writeFileSync(join(lib, bad.id, MANIFEST_FILE), '{"format": "crnngan-dataset", "version": 1, "id": ')
    unlinkSync(join(lib, gone.id, MANIFEST_FILE))
    const { datasets, damaged } = await store.list()
    expect(datasets.map((d) => d.id)).toEqual([ok.id])
    expect(damaged).toEqual(
      [
        { id: bad.id, reason: 'corrupt', message: expect.stringContaining(join(lib, bad.id, MANIFEST_FILE)) },
        {
          id: gone.id,
          reason: 'missing',
          message: expect.stringContaining(join(lib, gone.id, MANIFEST_FILE)),
        },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    )
    expect(damaged.find((d) => d.id === bad.id)?.message).toMatch(/is not valid JSON/)
    await store.remove(bad.id)
    await store.remove(gone.id)
    expect(existsSync(join(lib, bad.id)) || existsSync(join(lib, gone.id))).toBe(false)
    expect(await store.list()).toMatchObject({ datasets: [{ id: ok.id }], damaged: [] })
    await expect(store.remove(bad.id)).rejects.toMatchObject({ code: 'not-found' })
  })

  it('`crnngan dataset list` shows them with a hint, and `dataset remove <id>` deletes them', async () => {
    const lib = join(root, 'lib-cli')
    const store = new DatasetStore(lib)
    const bad = await store.create('broken', [src])
    writeFileSync(join(lib, bad.id, MANIFEST_FILE), 'not json')
    const listed = await runCli(['dataset', 'list', '--library', lib])
    expect(listed.code).toBe(1)
    expect(listed.stdout).toMatch(new RegExp(`${bad.id}\\s+\\(damaged: corrupt\\)`))
    expect(listed.stderr).toContain(`remove it with: crnngan dataset remove ${bad.id}`)
    const removed = await runCli(['dataset', 'remove', bad.id, '--library', lib])
    expect(removed.code).toBe(0)
    mkdirSync(lib, { recursive: true })
    const after = await runCli(['dataset', 'list', '--library', lib])
    expect([after.code, after.stdout.trim()]).toEqual([0, `no datasets in ${lib}`])
  })
})
