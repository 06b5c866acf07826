// .crnnrun export/import on a real (tiny) trained run: the imported run samples byte-identically and resumes
// training; a zip-slip entry, a truncated file, a bad checksum, a symlink, a duplicate, an unlisted or oversize entry
// and a newer format are each refused with a message naming the file, leaving the runs folder as it was.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readIndex } from '../checkpoints/store'
import { makeConfig } from '../config/presets'
import { sample } from '../sampling/sample'
import { syntheticSongs } from '../training/testData'
import { Trainer } from '../training/trainer'
import {
  badChecksumCopy,
  forgedNameZip,
  truncatedCopy,
  writeZip,
  zipEntries as entriesOf,
} from '../../../tests/support/badArchives'
import { exportRunArchive, importRunArchive, RunArchiveError } from './index'

let root = ''
let runDir = ''
let archive = ''
const songs = syntheticSongs(12, 40)
const config = makeConfig('tiny', {
  model: { hidden: 8 },
  schedule: { epochs: 2, pretrainEpochs: 1, samplesPerEpoch: 0 },
})

beforeAll(async () => {
  await tf.setBackend('cpu')
  root = mkdtempSync(join(tmpdir(), 'crnngan-transfer-'))
  runDir = join(root, 'runsA', 'my run')
  const t = new Trainer({ config, songs, runDir, runId: 'r', backend: 'cpu', emit: () => {} })
  await t.run()
  t.dispose()
  archive = join(root, 'my-run.crnnrun')
  await exportRunArchive(runDir, archive)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

const freshRuns = (): string => mkdtempSync(join(root, 'runsB-'))
/** The runs folder holds nothing (no run, no leftover temp folder). */
const expectEmpty = (dir: string): void => expect(readdirSync(dir)).toEqual([])

async function refused(file: string, pattern: RegExp): Promise<void> {
  const runs = freshRuns()
  const err = await importRunArchive(file, runs).then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(RunArchiveError)
  expect((err as Error).message).toContain(file)
  expect((err as Error).message).toMatch(pattern)
  expectEmpty(runs)
}

describe('.crnnrun', () => {
  it('exports best + latest with a sha256 manifest of every entry', async () => {
    const entries = await entriesOf(archive)
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'))
    expect(manifest).toMatchObject({
      format: 'crnngan-run',
      version: 1,
      run: { name: 'my run', preset: 'tiny' },
    })
    const listed = manifest.entries.map((e: { path: string }) => e.path).sort()
    expect(listed).toEqual([...entries.keys()].filter((n) => n !== 'manifest.json').sort())
    for (const e of manifest.entries) expect(sha(entries.get(e.path)!)).toBe(e.sha256)
    const index = await readIndex(runDir)
    expect(manifest.checkpoints.map((c: { name: string }) => c.name)).toContain(
      index.checkpoints.at(-1)!.name,
    )
  })

  it('an imported run gives byte-identical samples for the same seed, and resumes training', async () => {
    const runs = freshRuns()
    const r = await importRunArchive(archive, runs)
    expect(r.name).toBe('my-run')
    const opts = { checkpoint: 'latest' as const, seed: 9, count: 2, length: 10, outputs: ['midi' as const] }
    const a = await sample({ runDir, ...opts })
    const b = await sample({ runDir: r.runDir, ...opts })
    b.candidates.forEach((c, i) =>
      expect(Buffer.from(c.midi).equals(Buffer.from(a.candidates[i].midi))).toBe(true),
    )
    // Importing again never overwrites: a second folder, same content.
    const again = await importRunArchive(archive, runs)
    expect(again.name).toBe('my-run-2')
    // Fine-tune: one more epoch from the imported checkpoint, as a local run would resume.
    const more = { ...config, schedule: { ...config.schedule, epochs: 3 } }
    const t = new Trainer({
      config: more,
      songs,
      runDir: r.runDir,
      runId: 'r2',
      backend: 'cpu',
      emit: () => {},
    })
    expect(await t.run()).toBe('finished')
    t.dispose()
    expect((await readIndex(r.runDir)).checkpoints.at(-1)!.epoch).toBe(3)
  })

  it('refuses a truncated archive', async () => {
    await refused(await truncatedCopy(archive, join(root, 'truncated.crnnrun')), /truncated or not a zip/)
  })

  it('refuses a bad checksum (one bit of the weights changed)', async () => {
    const { file, entry } = await badChecksumCopy(archive, join(root, 'tampered.crnnrun'))
    await refused(file, new RegExp(`'${entry}' fails its sha256 check`))
  })

  it('refuses zip-slip, absolute and backslash names before writing anything', async () => {
    let n = 0
    const forge = (evil: string, placeholder: string): Promise<string> =>
      forgedNameZip(evil, placeholder, join(root, `forged-${++n}.crnnrun`))
    await refused(
      await forge('../../evil.txt', 'xx/xx/evil.txt'),
      /invalid relative path: \.\.\/\.\.\/evil\.txt/,
    )
    await refused(
      await forge('checkpoints/../../evil.txt', 'checkpoints/xx/xx/evil.txt'),
      /invalid relative path/,
    )
    await refused(await forge('/tmp/evil.txt', 'atmp/evil.txt'), /absolute path/)
    await refused(await forge('..\\evil.txt', 'aa_evil.txt'), /invalid characters|backslash|unsafe/)
    expect(existsSync(join(root, 'evil.txt'))).toBe(false)
    expect(existsSync(join(root, '..', 'evil.txt'))).toBe(false)
  })

  it('refuses symlinks, duplicates, unlisted entries, oversize manifests and newer formats', async () => {
    const entries = await entriesOf(archive)
    const list = [...entries].map(([name, data]) => ({ name, data }))
    const link = await writeZip(join(root, 'link.crnnrun'), [
      ...list,
      { name: 'model-card.md', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
    ])
    await refused(link, /'model-card.md' is a symbolic link/)
    const dup = await writeZip(join(root, 'dup.crnnrun'), [
      ...list,
      { name: 'config.json', data: entries.get('config.json')! },
    ])
    await refused(dup, /'config.json' appears twice/)
    const extra = await writeZip(join(root, 'extra.crnnrun'), [
      ...list,
      { name: 'model-card.md', data: Buffer.from('hi') },
    ])
    await refused(extra, /'model-card.md' is not listed in the manifest/)
    const other = await writeZip(join(root, 'other.crnnrun'), [
      ...list,
      { name: 'notes/readme.txt', data: Buffer.from('hi') },
    ])
    await refused(other, /unexpected entry 'notes\/readme.txt'/)
    const big = await writeZip(join(root, 'big.crnnrun'), [
      { name: 'manifest.json', data: Buffer.alloc(5 * 1024 * 1024, 32) },
    ])
    await refused(big, /'manifest.json' is \d+ bytes, over the \d+-byte limit/)
    const m = JSON.parse(entries.get('manifest.json')!.toString('utf8'))
    const newer = await writeZip(join(root, 'newer.crnnrun'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify({ ...m, version: 99 })) },
      ...list.filter((e) => e.name !== 'manifest.json'),
    ])
    await refused(newer, /newer crnngan \(format version 99/)
  })
})
