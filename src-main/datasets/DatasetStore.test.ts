// DatasetStore end to end on MIDI files built in test code: import with bad files and duplicates, reopen, load
// cells, include/exclude, tags, stats, remove, cancel, and refusal of manifests from a newer version.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTones } from '../common/crnngan/tones'
import { noteOnsFromMidi } from '../common/metrics/noteOns'
import { paperMetrics } from '../common/metrics/paperMetrics'
import { aggregate } from './datasetStats'
import { DatasetStore } from './DatasetStore'
import { DatasetError } from './errors'
import { MANIFEST_FILE } from './manifest'
import { melody, smf } from './testing/smfFixture'
import type { DatasetId, ImportProgress } from './types'

const root = mkdtempSync(join(tmpdir(), 'store-test-'))
const src = join(root, 'src')
const lib = join(root, 'lib')
afterAll(() => rmSync(root, { recursive: true, force: true }))

// Three distinct good files, one duplicate, and one of each failure kind.
const good = {
  'c-major.mid': smf(melody([60, 62, 64, 65, 67], 8)), // 8 quarters at 120 BPM → 4 s
  'sub/chords.MIDI': smf([
    { pitch: 60, start: 0, dur: 960 },
    { pitch: 64, start: 0, dur: 960 },
    { pitch: 67, start: 0, dur: 960 },
    { pitch: 72, start: 960, dur: 480 },
  ]), // 1440 ticks at ppq 480, 120 BPM → 1.5 s
  'slow.mid': smf(melody([57, 59, 60], 6, 96), { ppq: 96, bpm: 60 }), // 6 quarters at 60 BPM → 6 s
}
const big = smf(melody([60, 61], 400))

beforeAll(() => {
  mkdirSync(join(src, 'sub', 'deeper'), { recursive: true })
  for (const [name, bytes] of Object.entries(good)) writeFileSync(join(src, name), bytes)
  writeFileSync(join(src, 'sub/deeper/copy.mid'), good['c-major.mid'])
  writeFileSync(join(src, 'empty.mid'), new Uint8Array(0))
  writeFileSync(join(src, 'truncated.mid'), good['slow.mid'].subarray(0, 30))
  writeFileSync(join(src, 'text.mid'), 'this is not a MIDI file at all')
  writeFileSync(join(src, 'silent.mid'), smf([]))
  writeFileSync(join(src, 'big.mid'), big)
  writeFileSync(join(src, 'notes.txt'), 'ignored: not a .mid name')
})

describe('DatasetStore', () => {
  const store = new DatasetStore(lib)
  let id: DatasetId
  const progress: ImportProgress[] = []

  it('imports good files, skips bad ones with reasons, and reports duplicates', async () => {
    const info = await store.create(' Fixtures ', [src], {
      onProgress: (p) => progress.push(p),
      maxBytes: big.byteLength - 1,
      tags: ['test', ' test ', 'Bach'],
      workers: 2,
    })
    id = info.id
    expect(info.name).toBe('Fixtures')
    expect(info.tags).toEqual(['test', 'Bach'])
    expect(info.files.map((f) => f.name).sort()).toEqual(['c-major.mid', 'slow.mid', 'sub/chords.MIDI'])
    const reasons = Object.fromEntries(info.failures.map((f) => [f.file.slice(src.length + 1), f.reason]))
    expect(reasons).toEqual({
      'big.mid': 'too-large',
      'empty.mid': 'empty',
      'silent.mid': 'no-notes',
      'text.mid': 'not-midi',
      'truncated.mid': 'truncated',
    })
    for (const f of info.failures) expect(f.message.length).toBeGreaterThan(5)
    expect(info.duplicates).toEqual([
      { file: join(src, 'sub/deeper/copy.mid'), duplicateOf: join(src, 'c-major.mid') },
    ])
    const byName = Object.fromEntries(info.files.map((f) => [f.name, f]))
    expect(byName['c-major.mid'].durationSeconds).toBeCloseTo(4, 9)
    expect(byName['sub/chords.MIDI'].durationSeconds).toBeCloseTo(1.5, 9) // 1440 ticks / 480 ppq at 120 BPM
    expect(byName['slow.mid'].durationSeconds).toBeCloseTo(6, 9)
    expect(byName['sub/chords.MIDI'].noteCount).toBe(4)
    expect(progress.at(-1)).toMatchObject({ done: 9, total: 9, etaSeconds: 0 })
    expect(progress[0]).toMatchObject({ done: 0, total: 9 })
  })

  it('lists and resolves the dataset by id and by name; refuses a second dataset with that name', async () => {
    const { datasets, damaged } = await store.list()
    expect(damaged).toEqual([])
    expect(datasets).toHaveLength(1)
    expect(datasets[0]).toMatchObject({ id, name: 'Fixtures', fileCount: 3, includedCount: 3, errorCount: 5 })
    expect(datasets[0].noteCount).toBe(8 + 4 + 6)
    expect(await store.resolve(id)).toBe(id)
    expect(await store.resolve('fixtures')).toBe(id)
    await expect(store.resolve('nope')).rejects.toMatchObject({ code: 'not-found' })
    await expect(store.create('FIXTURES', [src])).rejects.toMatchObject({ code: 'conflict' })
  })

  it('loads cells after reopening: K = 1 one cell per tone in raw units, K = 3 packs chords', async () => {
    const reopened = new DatasetStore(lib)
    const k1 = await reopened.loadEncoded(id, { tonesPerCell: 1 })
    expect(k1.features).toBe(4)
    const i = k1.names.indexOf('c-major.mid')
    const cells = k1.cells[i]
    expect(cells.length).toBe(8 * 4)
    // [dt, length, freq, velocity]: quarter notes at 384 PPQ, middle C = 261.63 Hz, velocity 80.
    expect([...cells.subarray(0, 8)].map((x) => Math.round(x * 100) / 100)).toEqual([
      0, 384, 261.63, 80, 384, 384, 293.66, 80,
    ])
    const k3 = await reopened.loadEncoded(id, { tonesPerCell: 3 })
    expect(k3.features).toBe(10)
    const chords = k3.cells[k3.names.indexOf('sub/chords.MIDI')]
    expect(chords.length).toBe(2 * 10) // the triad in one cell, the last note in another
    const direct = readTones(good['sub/chords.MIDI'])
    expect(chords[1]).toBeCloseTo(direct[0].length, 3)
  })

  it('aggregates whole-file metrics exactly as paperMetrics per file, and sums histograms', async () => {
    const stats = await store.stats(id)
    expect(stats.counts).toEqual({ files: 3, included: 3, excluded: 0, failed: 5, duplicates: 1 })
    expect(stats.durationSeconds).toBeCloseTo(4 + 1.5 + 6, 9)
    const per = Object.values(good).map((b) => paperMetrics(noteOnsFromMidi(b)))
    expect(stats.metrics.toneSpan).toEqual(aggregate(per.map((m) => m.toneSpan)))
    expect(stats.metrics.polyphony).toEqual(aggregate(per.map((m) => m.polyphony)))
    expect(stats.windowMetrics.events.n).toBe(3)
    // Pitch classes: C appears 2 (c-major) + 2 (chords: C4, C5) + 2 (slow: 60 twice) times.
    expect(stats.histograms.pitchClass[0]).toBe(6)
    expect(stats.histograms.pitchClass.reduce((a, b) => a + b, 0)).toBe(18)
  })

  it('excludes and re-includes files, validating file ids, and persists tags', async () => {
    const info = await store.get(id)
    const slow = info.files.find((f) => f.name === 'slow.mid')!
    await store.setIncluded(id, [slow.key], false)
    const enc = await new DatasetStore(lib).loadEncoded(id, { tonesPerCell: 1 })
    expect(enc.names).not.toContain('slow.mid')
    expect((await store.stats(id)).counts).toMatchObject({ included: 2, excluded: 1 })
    await expect(store.setIncluded(id, ['ffffffffffffffff'], true)).rejects.toThrow(
      /no file id\(s\) ffffffffffffffff/,
    )
    await Promise.all([store.setIncluded(id, [slow.key], true), store.setTags(id, ['a', 'b', 'A'])])
    const after = await new DatasetStore(lib).get(id)
    expect(after.files.every((f) => f.included)).toBe(true)
    expect(after.tags).toEqual(['a', 'b'])
  })

  it('loads Songs from the sources and reports a source changed since import', async () => {
    const { songs, fileIds } = await store.loadSongs(id)
    expect(songs).toHaveLength(3)
    expect(fileIds).toHaveLength(3)
    const chords = songs.find((s) => s.name === 'sub/chords.MIDI')!
    expect(chords.tracks.flatMap((t) => t.notes.map((n) => n.pitch)).sort()).toEqual([60, 64, 67, 72])
    const path = join(src, 'slow.mid')
    writeFileSync(path, smf(melody([61], 3)))
    await expect(store.loadSongs(id)).rejects.toThrow(
      /slow\.mid of 'slow\.mid' has changed since it was imported/,
    )
    writeFileSync(path, good['slow.mid'])
  })

  it('refuses a manifest from a newer version everywhere and never overwrites it', async () => {
    const path = join(lib, id, MANIFEST_FILE)
    const original = readFileSync(path, 'utf8')
    const newer = JSON.stringify({ ...JSON.parse(original), version: 99 })
    writeFileSync(path, newer)
    const { datasets, damaged } = await store.list()
    expect(datasets).toEqual([])
    expect(damaged).toEqual([
      { id, reason: 'unsupported', message: expect.stringMatching(/version 99, newer/) },
    ])
    // 'corrupt' in the one vocabulary (it was 'unsupported'): the message tells it apart and says to update.
    const newerError = {
      code: 'corrupt',
      message: expect.stringMatching(/version 99, newer.*; update C-RNN-GAN/),
    }
    await expect(store.setTags(id, ['x'])).rejects.toMatchObject(newerError)
    await expect(store.loadEncoded(id, { tonesPerCell: 1 })).rejects.toMatchObject(newerError)
    expect(readFileSync(path, 'utf8')).toBe(newer)
    writeFileSync(path, original)
  })

  it('removes a dataset completely', async () => {
    await store.remove(id)
    expect(readdirSync(lib)).toEqual([])
    await expect(store.get(id)).rejects.toBeInstanceOf(DatasetError)
  })

  it('discards a cancelled import entirely', async () => {
    const many = join(root, 'many')
    mkdirSync(many)
    for (let i = 0; i < 60; i++)
      writeFileSync(join(many, `m${i}.mid`), smf(melody([60 + (i % 12), 62], 50 + i)))
    const ac = new AbortController()
    const run = store.create('cancel me', [many], {
      signal: ac.signal,
      workers: 1,
      onProgress: (p) => p.done >= 2 && ac.abort(),
    })
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
    expect(readdirSync(lib)).toEqual([])
  })

  it('reports a folder without MIDI files and a name that is blank', async () => {
    const none = join(root, 'none')
    mkdirSync(none)
    await expect(store.create('x', [none])).rejects.toMatchObject({ code: 'no-files' })
    await expect(store.create('  ', [src])).rejects.toMatchObject({ code: 'invalid-request' })
  })
})
