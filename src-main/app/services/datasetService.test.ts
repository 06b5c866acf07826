// DatasetService over the real DatasetStore on a temp library, with small MIDI fixtures written here: DTO mapping,
// chart-ready stats, include/exclude, tags, and library errors as IPC errors that say what happened and what to do.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scaleRows, songOf } from '@common/midi/testSongs'
import { writeSong } from '@common/midi/writeSong'
import type { Song } from '@common/music/song'
import { IpcFailure } from '@common/ipc/result'
import { DatasetStore } from '../../datasets/DatasetStore'
import { MANIFEST_FILE } from '../../datasets/manifest'
import { createDatasetService } from './datasetService'

/** A C-major scale run of `n` quarter notes starting at `root`, velocity rising (intensity span > 0). */
const scaleSong = (name: string, root: number, n: number): Song =>
  songOf(name, [scaleRows(root, n, { every: 480, length: 240, velocity: (i) => 60 + i })])

describe('createDatasetService (real DatasetStore)', () => {
  let dir: string
  const service = () => createDatasetService(new DatasetStore(join(dir, 'library')))

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dsservice-'))
    writeFileSync(join(dir, 'a.mid'), writeSong(scaleSong('a', 60, 24)))
    writeFileSync(join(dir, 'b.mid'), writeSong(scaleSong('b', 48, 32)))
    writeFileSync(join(dir, 'bad.mid'), Buffer.from('not a midi file at all'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('imports with progress and maps files and failures', async () => {
    const progress: { done: number; total: number; currentFile: string | null }[] = []
    const d = await service().create(
      'Scales',
      [join(dir, 'a.mid'), join(dir, 'b.mid'), join(dir, 'bad.mid')],
      {
        signal: new AbortController().signal,
        onProgress: (p) => progress.push(p),
      },
    )
    expect(d.name).toBe('Scales')
    expect(d.fileCount).toBe(2)
    expect(d.includedCount).toBe(2)
    expect(d.noteCount).toBe(56)
    expect(d.files.map((f) => f.name).sort()).toEqual(['a.mid', 'b.mid'])
    expect(d.errors).toHaveLength(1)
    expect(d.errors[0]).toMatchObject({ file: join(dir, 'bad.mid'), reason: 'not-midi' })
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 })
    expect((await service().list()).map((s) => s.name)).toEqual(['Scales'])
  })

  it('sends only the DTO fields (no source paths, per-file tone rows or duplicates list)', async () => {
    const [s] = await service().list()
    const summaryKeys = ['id', 'name', 'createdAt', 'tags', 'fileCount', 'includedCount', 'errorCount']
    // includedTones: one count per included file, so the Train screen can count an epoch's windows.
    summaryKeys.push('duplicateCount', 'noteCount', 'durationSeconds', 'includedTones')
    expect(Object.keys(s).sort()).toEqual([...summaryKeys].sort())
    const d = await service().get(s.id)
    expect(Object.keys(d).sort()).toEqual([...summaryKeys, 'files', 'errors'].sort())
    expect(Object.keys(d.files[0]).sort()).toEqual([
      'durationSeconds',
      'included',
      'key',
      'name',
      'noteCount',
    ])
    expect(Object.keys(d.errors[0]).sort()).toEqual(['file', 'message', 'reason'])
  })

  it('turns stats into 12/49/18-bin histograms and the six metrics in paper units', async () => {
    const [s] = await service().list()
    const stats = await service().stats(s.id)
    expect(stats.pitchClass.labels[0]).toBe('C')
    expect(stats.pitchClass.counts).toHaveLength(12)
    expect(stats.pitchClass.counts.reduce((a, b) => a + b, 0)).toBe(56)
    // Only C-major pitch classes occur.
    for (const pc of [1, 3, 6, 8, 10]) expect(stats.pitchClass.counts[pc]).toBe(0)
    expect(stats.intervals.counts).toHaveLength(49)
    expect(stats.intervals.labels[24]).toBe('0')
    expect(stats.lengths.counts.reduce((a, b) => a + b, 0)).toBe(56)
    const byKey = Object.fromEntries(stats.metrics.map((m) => [m.key, m]))
    expect(Object.keys(byKey)).toEqual([
      'polyphony',
      'scaleConsistency',
      'repetitions3',
      'toneSpan',
      'uniqueTones',
      'intensitySpan',
    ])
    expect(byKey.scaleConsistency.mean).toBeCloseTo(100, 5)
    expect(byKey.polyphony.mean).toBe(0)
    expect(byKey.toneSpan.mean).toBe(12)
    expect(byKey.intensitySpan.p10).toBeLessThanOrEqual(byKey.intensitySpan.p90 ?? -1)
  })

  it('excludes a file (stats follow) and normalises tags', async () => {
    const [s] = await service().list()
    const d = await service().get(s.id)
    const a = d.files.find((f) => f.name === 'a.mid')!
    const after = await service().setIncluded(s.id, [a.key], false)
    expect(after.includedCount).toBe(1)
    expect((await service().stats(s.id)).noteCount).toBe(32)
    const tagged = await service().setTags(s.id, [' bach ', 'Bach', 'scales'])
    expect(tagged.tags).toEqual(['bach', 'scales'])
  })

  it('says what happened, names the dataset or file, and what to do, for each library error', async () => {
    const lib = join(dir, 'messages')
    const svc = createDatasetService(new DatasetStore(lib))
    const failure = async (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'ok',
        (e: unknown) => (e instanceof IpcFailure ? `${e.code}: ${e.message}` : `raw ${String(e)}`),
      )
    const opts = { signal: new AbortController().signal, onProgress: () => undefined }
    const d = await svc.create('Bach', [join(dir, 'a.mid')], opts)
    const empty = join(dir, 'empty')
    mkdirSync(empty, { recursive: true })
    const cases: [() => Promise<unknown>, RegExp][] = [
      [
        () => svc.get('ds-gone-00'),
        /^not-found: no dataset 'ds-gone-00' in .*messages; choose one from the dataset list/,
      ],
      [
        () => svc.get('nope'),
        /^not-found: 'nope' is not a dataset id \(expected ds-…\); choose one from the dataset list/,
      ],
      [
        () => svc.setIncluded(d.id, ['0123456789abcdef'], true),
        /^not-found: dataset 'Bach' \(ds-.*\) has no file id\(s\) 0123456789abcdef; nothing was changed, reopen it$/,
      ],
      [
        () => svc.create('BACH', [join(dir, 'b.mid')], opts),
        /^conflict: a dataset named 'BACH' already exists in .*; choose another name$/,
      ],
      [
        () => svc.create('  ', [join(dir, 'b.mid')], opts),
        /^invalid-request: dataset name must be 1\.\.200 .*; type a name$/,
      ],
      [() => svc.create('x'.repeat(201), [join(dir, 'b.mid')], opts), /^invalid-request: .*; shorten it$/],
      [
        () => svc.create('None', [], opts),
        /^invalid-request: no files or folders given to import; choose MIDI files/,
      ],
      [
        () => svc.create('Junk', [join(dir, 'bad.mid')], opts),
        /^no-files: none of 1 file\(s\) could be imported \(.*bad\.mid: not-midi\); choose Standard MIDI Files/,
      ],
      [
        () => svc.create('Empty', [empty], opts),
        /^no-files: no \.mid\/\.midi files found in .*empty; choose MIDI files or a folder/,
      ],
    ]
    for (const [run, expected] of cases) expect(await failure(run())).toMatch(expected)

    writeFileSync(join(lib, d.id, MANIFEST_FILE), '{ not json')
    expect(await failure(svc.stats(d.id))).toMatch(
      /^corrupt: .*manifest\.json is not valid JSON: .*; remove the dataset and import its files again$/,
    )
    const notAFolder = join(dir, 'not-a-folder')
    writeFileSync(notAFolder, 'a file where the library should be')
    expect(await failure(createDatasetService(new DatasetStore(notAFolder)).list())).toMatch(
      /^io-error: the library folder .*not-a-folder could not be used \(ENOTDIR.*\); check that it is a folder/,
    )
  })

  it('says which source file to put back when a dataset’s songs are loaded', async () => {
    const lib = join(dir, 'sources')
    const source = join(dir, 'moved.mid')
    writeFileSync(source, writeSong(scaleSong('moved', 60, 8)))
    const store = new DatasetStore(lib)
    const { id } = await store.create('Moved', [source])
    rmSync(source)
    await expect(store.loadSongs(id)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(
        /^source .*moved\.mid of 'moved\.mid' is no longer readable \(ENOENT.*\); put the original file back/,
      ),
    })
  })

  it('maps library errors to stable IPC codes', async () => {
    const codeOf = async (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'ok',
        (e: unknown) => (e instanceof IpcFailure ? e.code : `raw ${String(e)}`),
      )
    const [s] = await service().list()
    expect(await codeOf(service().get('ds-nope-00'))).toBe('not-found')
    expect(await codeOf(service().setIncluded(s.id, ['0123456789abcdef'], true))).toBe('not-found')
    const opts = { signal: new AbortController().signal, onProgress: () => undefined }
    expect(await codeOf(service().create('scales', [join(dir, 'a.mid')], opts))).toBe('conflict')
    expect(await codeOf(service().create('Nothing', [join(dir, 'bad.mid')], opts))).toBe('no-files')
    const ctl = new AbortController()
    ctl.abort()
    expect(
      await codeOf(service().create('Aborted', [join(dir, 'a.mid')], { ...opts, signal: ctl.signal })),
    ).toBe('cancelled')
    expect(await service().remove(s.id)).toBe(true)
    expect(await service().list()).toEqual([])
  })
})
