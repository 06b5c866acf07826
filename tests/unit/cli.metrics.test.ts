// `crnngan metrics` run as a real process: JSON equals the metrics library's values, table + mean row, windows are
// seeded and reproducible, bad files go to stderr with exit 1, usage errors exit 2.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { noteOnsFromMidi } from '../../src-main/common/metrics/noteOns'
import { paperMetrics } from '../../src-main/common/metrics/paperMetrics'
import { windowMetrics } from '../../src-main/common/metrics/windowMetrics'
import { Rng } from '../../src-main/common/random'
import { windowSeed } from '../../src-main/datasets/fileStatistics'
import { melody, smf } from '../../src-main/datasets/testing/smfFixture'
import { corpusFiles, hasCorpus } from '../support/corpus'
import { runCli } from './cliRun'

const dir = mkdtempSync(join(tmpdir(), 'cli-metrics-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const a = smf(melody([60, 62, 64, 60, 62, 64, 67], 40))
const b = smf([...melody([48, 55], 20), ...melody([64, 67, 72], 20)])
writeFileSync(join(dir, 'a.mid'), a)
writeFileSync(join(dir, 'b.mid'), b)
writeFileSync(join(dir, 'bad.mid'), 'not midi')

describe('crnngan metrics', () => {
  it('prints JSON rows equal to paperMetrics, lists the bad file on stderr and exits 1', async () => {
    const r = await runCli(['metrics', dir, '--json'])
    expect(r.code).toBe(1)
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[]
    expect(rows.map((x) => x.file)).toEqual([join(dir, 'a.mid'), join(dir, 'b.mid')])
    expect(rows[0]).toEqual({ file: join(dir, 'a.mid'), ...paperMetrics(noteOnsFromMidi(a)) })
    expect(rows[1]).toEqual({ file: join(dir, 'b.mid'), ...paperMetrics(noteOnsFromMidi(b)) })
    expect(r.stderr).toMatch(/skipped \(not-midi\): .*bad\.mid: not a MIDI file/)
  })

  it('prints an aligned table with a mean row, paths relative to the current folder', async () => {
    const r = await runCli(['metrics', 'a.mid', 'b.mid'], { cwd: dir })
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^file\s+events\s+poly/)
    expect(lines[1].startsWith('a.mid ')).toBe(true)
    const events = [a, b].map((x) => noteOnsFromMidi(x).length)
    expect(lines[3]).toMatch(new RegExp(`^mean of 2\\s+${(events[0] + events[1]) / 2}\\s`))
    expect(new Set(lines.map((l) => l.length)).size).toBeLessThanOrEqual(2) // aligned (last column may differ)
  })

  it('scores seeded windows reproducibly, equal to windowMetrics with the per-file seed', async () => {
    const [r1, r2] = await Promise.all(
      [1, 2].map(() => runCli(['metrics', join(dir, 'a.mid'), '--window', '16', '--seed', '5', '--json'])),
    )
    expect(r1.code).toBe(0)
    expect(r1.stdout).toBe(r2.stdout)
    const sha = createHash('sha256').update(a).digest('hex')
    const expected = windowMetrics(a, 16, new Rng(windowSeed(5, sha)).uniform)
    expect(JSON.parse(r1.stdout)).toEqual([{ file: join(dir, 'a.mid'), ...expected }])
    expect(expected.events).toBe(16)
  })

  it('rejects bad usage with exit 2 and a message naming the option', async () => {
    const [none, badWindow, unknown] = await Promise.all([
      runCli(['metrics']),
      runCli(['metrics', dir, '--window', 'abc']),
      runCli(['nosuchcommand']),
    ])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/at least one MIDI file/)
    expect(badWindow.code).toBe(2)
    expect(badWindow.stderr).toMatch(/--window must be an integer in \[1, 100000\], got 'abc'/)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown command 'nosuchcommand'/)
  })

  it.skipIf(!hasCorpus)('matches the library on a real corpus file', async () => {
    const file = corpusFiles('mutopia-bach')[0]
    const r = await runCli(['metrics', file, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([
      { file, ...paperMetrics(noteOnsFromMidi(new Uint8Array(readFileSync(file)))) },
    ])
  })
})
