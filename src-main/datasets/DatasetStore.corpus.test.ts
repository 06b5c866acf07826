// DatasetStore on 40 real corpus files plus a deliberately corrupted copy and an exact duplicate in a temp folder:
// everything good imports, the damaged copy is skipped with a reason, reopening is fast and loads what was parsed.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTones } from '../common/crnngan/tones'
import { noteOnsFromMidi } from '../common/metrics/noteOns'
import { paperMetrics } from '../common/metrics/paperMetrics'
import { corpusFiles, hasCorpus } from '../../tests/support/corpus'
import { DatasetStore } from './DatasetStore'

describe.skipIf(!hasCorpus)('DatasetStore on corpus files', () => {
  const root = mkdtempSync(join(tmpdir(), 'store-corpus-'))
  const src = join(root, 'src')
  const picked: string[] = []
  beforeAll(() => {
    mkdirSync(src)
    const all = corpusFiles()
    for (let i = 0; i < 40; i++) picked.push(all[Math.floor((i * all.length) / 40)])
    picked.forEach((p, i) => copyFileSync(p, join(src, `${String(i).padStart(2, '0')}-${basename(p)}`)))
    const victim = readFileSync(picked[5])
    writeFileSync(join(src, 'zz-corrupted.mid'), victim.subarray(0, Math.floor(victim.length / 2)))
    copyFileSync(picked[7], join(src, 'zz-duplicate.MID'))
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('imports 40 files, skips the corrupted copy with a reason and reports the duplicate', async () => {
    const store = new DatasetStore(join(root, 'lib'))
    const info = await store.create('corpus40', [src])
    expect(info.fileCount).toBe(40)
    expect(info.failures).toHaveLength(1)
    expect(info.failures[0].file).toBe(join(src, 'zz-corrupted.mid'))
    expect(['truncated', 'corrupt']).toContain(info.failures[0].reason)
    expect(info.duplicates).toEqual([
      { file: join(src, 'zz-duplicate.MID'), duplicateOf: join(src, `07-${basename(picked[7])}`) },
    ])
    expect(info.files.every((f) => f.durationSeconds > 0 && f.noteCount > 0)).toBe(true)

    const t0 = performance.now()
    const reopened = new DatasetStore(join(root, 'lib'))
    const enc = await reopened.loadEncoded(info.id, { tonesPerCell: 1 })
    const stats = await reopened.stats(info.id)
    // Reopen time is a benchmark figure (npm run bench import), printed here, never asserted.
    console.info(`reopen of ${enc.names.length} files: ${(performance.now() - t0).toFixed(0)} ms`)

    // Each file's cached cells match a fresh parse of the original corpus file.
    for (const i of [0, 13, 39]) {
      const tones = readTones(new Uint8Array(readFileSync(picked[i])))
      const cells = enc.cells[enc.names.indexOf(`${String(i).padStart(2, '0')}-${basename(picked[i])}`)]
      expect(cells.length).toBe(tones.length * 4)
      expect(cells[4 * 5 + 2]).toBeCloseTo(tones[5].freq, 2)
      expect(cells[4 * 5 + 1]).toBeCloseTo(tones[5].length, 2)
    }
    const spans = picked.map((p) => paperMetrics(noteOnsFromMidi(new Uint8Array(readFileSync(p)))).toneSpan)
    expect(stats.metrics.toneSpan.mean).toBeCloseTo(spans.reduce((a, b) => a + b, 0) / spans.length, 9)
    expect(stats.windowMetrics.events.n).toBe(40)
    expect(stats.counts).toEqual({ files: 40, included: 40, excluded: 0, failed: 1, duplicates: 1 })
  })
})
