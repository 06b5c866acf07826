// A damaged cache.bin must be reported, never trained on: one NaN onset used to make the encoder (and so `crnngan
// train`) spin forever. Each corruption is written into a real dataset on disk and loaded like the trainer does.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callInWorker } from '../../tests/support/tsWorker'
import { DatasetStore } from './DatasetStore'
import { DatasetError } from './errors'
import { CACHE_FILE, MANIFEST_FILE } from './manifest'
import { melody, smf } from './testing/smfFixture'
import type { DatasetId } from './types'

const root = mkdtempSync(join(tmpdir(), 'cache-corrupt-'))
const src = join(root, 'src')
const clean = join(root, 'clean')
afterAll(() => rmSync(root, { recursive: true, force: true }))

let id: DatasetId
beforeAll(async () => {
  mkdirSync(src)
  writeFileSync(join(src, 'a.mid'), smf(melody([60, 64, 67], 12)))
  writeFileSync(join(src, 'b.mid'), smf(melody([62, 65, 69], 12)))
  id = (await new DatasetStore(clean).create('Bach', [src], { workers: 1 })).id
})

/** A fresh copy of the clean library with `damage` applied to the dataset's cache rows / manifest. */
function damaged(
  name: string,
  damage: (rows: Float32Array, manifest: Record<string, unknown>) => void,
): DatasetStore {
  const lib = join(root, name)
  cpSync(clean, lib, { recursive: true })
  const cachePath = join(lib, id, CACHE_FILE)
  const buf = readFileSync(cachePath)
  const rows = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
  const manifest = JSON.parse(readFileSync(join(lib, id, MANIFEST_FILE), 'utf8')) as Record<string, unknown>
  damage(rows, manifest)
  writeFileSync(cachePath, new Uint8Array(rows.buffer))
  writeFileSync(join(lib, id, MANIFEST_FILE), JSON.stringify(manifest))
  return new DatasetStore(lib)
}

const secondFile = (m: Record<string, unknown>) =>
  (m.files as { name: string; toneOffset: number; tones: number }[]).find((f) => f.name === 'b.mid')!

describe('cache.bin validation on load', () => {
  const cases: [string, (rows: Float32Array, m: Record<string, unknown>) => void, RegExp][] = [
    [
      'NaN onset',
      (r, m) => void (r[(secondFile(m).toneOffset + 3) * 4] = NaN),
      /'b\.mid' tone 3 has begin NaN/,
    ],
    ['+Inf length', (r) => void (r[5 * 4 + 1] = Infinity), /tone 5 has length Infinity/],
    ['-Inf frequency', (r) => void (r[2] = -Infinity), /tone 0 has frequency -Infinity/],
    ['negative length', (r) => void (r[1] = -1), /tone 0 has length -1/],
    ['velocity out of range', (r) => void (r[3] = 300), /tone 0 has velocity 300/],
    ['onsets out of order', (r) => void (r[4 * 4] = 0), /tone 4 begins at 0, before the previous tone/],
    [
      'rows past the end of the cache',
      (_r, m) => void (secondFile(m).toneOffset = (m.cacheTones as number) - 1),
      /rows \d+\.\.\d+ of 'b\.mid' lie past its \d+ rows/,
    ],
  ]

  it.each(cases)('%s: the dataset is corrupt, named with its cache file', async (name, damage, why) => {
    const store = damaged(name.replace(/\W+/g, '-'), damage)
    const err = await store.loadTones(id).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DatasetError)
    expect((err as DatasetError).code).toBe('corrupt')
    const msg = (err as Error).message
    expect(msg).toContain(`dataset 'Bach' (${id}) is damaged`)
    expect(msg).toContain(join(store.dir, id, CACHE_FILE))
    expect(msg).toMatch(why)
    await expect(store.loadEncoded(id, { tonesPerCell: 3 })).rejects.toMatchObject({ code: 'corrupt' })
  })

  it('an intact dataset still loads', async () => {
    const enc = await new DatasetStore(clean).loadEncoded(id, { tonesPerCell: 1 })
    expect(enc.cells.map((c) => c.length / 4)).toEqual([12, 12])
  })

  it('the trainer’s loader fails with that message instead of spinning on a NaN (checked in a worker with a deadline)', async () => {
    const store = damaged('trainer', (r) => void (r[4] = NaN))
    const loader = resolve(import.meta.dirname, '../ml/host/loadData.ts')
    const source = { kind: 'dataset', datasetId: 'bach', libraryDir: store.dir }
    const outcome = await callInWorker(loader, 'loadSongs', [source, 1], 20_000)
    expect(outcome).toMatchObject({ ok: false, code: 'corrupt' })
    expect(outcome.ok ? '' : outcome.message).toMatch(
      /dataset 'Bach' .* is damaged: .*cache\.bin: 'a\.mid' tone 1 has begin NaN/,
    )
  })
})
