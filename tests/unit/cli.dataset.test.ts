// `crnngan dataset` run as a real process on temp libraries: create (JSON-only stdout, skipped files on stderr),
// list, stats by name, remove, errors with non-zero exit, and Ctrl-C cancelling an import without leftovers.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { melody, smf } from '../../src-main/datasets/testing/smfFixture'
import { runCli } from './cliRun'

const root = mkdtempSync(join(tmpdir(), 'cli-dataset-'))
const src = join(root, 'src')
const lib = join(root, 'lib')
mkdirSync(src)
for (let i = 0; i < 5; i++) writeFileSync(join(src, `s${i}.mid`), smf(melody([60 + i, 64, 67], 20 + i)))
writeFileSync(join(src, 'broken.mid'), smf(melody([60], 10)).subarray(0, 25))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('crnngan dataset', () => {
  it('creates, lists, reports stats and removes a dataset', async () => {
    const created = await runCli([
      'dataset',
      'create',
      'Five',
      src,
      '--library',
      lib,
      '--json',
      '--tag',
      'demo',
    ])
    expect(created.code).toBe(0)
    const info = JSON.parse(created.stdout) as {
      id: string
      fileCount: number
      tags: string[]
      failures: unknown[]
    }
    expect(info).toMatchObject({ fileCount: 5, tags: ['demo'] })
    expect(info.failures).toHaveLength(1)
    expect(created.stderr).toMatch(/skipped \(truncated\): .*broken\.mid: /)
    expect(created.stderr).toMatch(/import: 6\/6 files \(100%\)/)

    // The library can also come from CRNNGAN_LIBRARY.
    const env = { CRNNGAN_LIBRARY: lib }
    const listed = await runCli(['dataset', 'list', '--json'], { env })
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id: info.id, name: 'Five', fileCount: 5, errorCount: 1 },
    ])

    const stats = await runCli(['dataset', 'stats', 'five', '--json'], { env })
    expect(stats.code).toBe(0)
    const s = JSON.parse(stats.stdout) as { counts: object; metrics: Record<string, { n: number }> }
    expect(s.counts).toEqual({ files: 5, included: 5, excluded: 0, failed: 1, duplicates: 0 })
    expect(s.metrics.toneSpan.n).toBe(5)

    const human = await runCli(['dataset', 'stats', info.id], { env })
    expect(human.stdout).toMatch(/files: 5 imported \(5 included, 0 excluded\), 1 failed, 0 duplicates/)
    expect(human.stdout).toMatch(/^toneSpan\s+\d/m)

    const removed = await runCli(['dataset', 'remove', 'Five'], { env })
    expect(removed.code).toBe(0)
    expect(readdirSync(lib)).toEqual([])
  })

  it('fails with a clear message and non-zero exit for unknown datasets and bad usage', async () => {
    const [missing, noPaths, badSub] = await Promise.all([
      runCli(['dataset', 'stats', 'nothing', '--library', lib]),
      runCli(['dataset', 'create', 'x', '--library', lib]),
      runCli(['dataset', 'frobnicate']),
    ])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no dataset with id or name 'nothing'/)
    expect(missing.stdout).toBe('')
    expect(noPaths.code).toBe(2)
    expect(badSub.code).toBe(2)
    expect(badSub.stderr).toMatch(/unknown dataset subcommand 'frobnicate'/)
  })

  it('cancels an import on Ctrl-C (SIGINT) and leaves nothing in the library', async () => {
    const many = join(root, 'many')
    mkdirSync(many)
    for (let i = 0; i < 150; i++)
      writeFileSync(join(many, `m${i}.mid`), smf(melody([50 + (i % 30), 62, 65], 200 + i)))
    const cancelLib = join(root, 'cancel-lib')
    let sent = false
    const r = await runCli(['dataset', 'create', 'big', many, '--library', cancelLib, '--workers', '1'], {
      onStderr: (text, child) => {
        if (!sent && /import: \d+\/150/.test(text)) {
          sent = true
          child.kill('SIGINT')
        }
      },
    })
    expect(sent).toBe(true)
    expect(r.code).toBe(130)
    expect(r.stderr).toMatch(/import cancelled: interrupted \(Ctrl-C\); nothing was written/)
    // Nothing was written: the library folder was never even created (or is empty).
    expect(existsSync(cancelLib) ? readdirSync(cancelLib) : []).toEqual([])
  })
})
