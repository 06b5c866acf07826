// `crnngan run export|import` through the real launcher: a tiny run trained by `crnngan train` travels to another
// runs folder; `crnngan sample` then writes byte-identical MIDI from both; a damaged file fails with exit 1 and a
// message naming it, and the target runs folder stays empty.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFixtureMidi } from '../../src-main/ml/training/testData'
import { truncatedCopy } from '../support/badArchives'
import { runCli } from './cliRun'

let root = ''
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'crnngan-cli-run-'))
  mkdirSync(join(root, 'midi'))
  writeFixtureMidi(join(root, 'midi'), 8)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('crnngan run export / import', () => {
  it('moves a run between runs folders; samples are byte-identical; a truncated file is refused', async () => {
    const runsA = join(root, 'a')
    const runsB = join(root, 'b')
    const train = await runCli(
      [
        'train',
        '--data',
        join(root, 'midi'),
        '--out',
        join(runsA, 'jsb'),
        '--preset',
        'tiny',
        '--epochs',
        '2',
        '--backend',
        'cpu',
      ],
      { cwd: root },
    )
    expect(train.code, train.stderr).toBe(0)
    const file = join(root, 'jsb.crnnrun')
    const exp = await runCli([
      'run',
      'export',
      'jsb',
      '--runs',
      runsA,
      '--out',
      file,
      '--checkpoint',
      'latest',
      '--json',
    ])
    expect(exp.code, exp.stderr).toBe(0)
    expect(JSON.parse(exp.stdout)).toMatchObject({ path: file, checkpoints: ['e0002-s00000'] })
    const imp = await runCli(['run', 'import', file, '--runs', runsB])
    expect(imp.code, imp.stderr).toBe(0)
    expect(imp.stdout).toMatch(/imported .*jsb\.crnnrun as run 'jsb'/)
    const take = async (run: string, out: string): Promise<Buffer[]> => {
      const r = await runCli([
        'sample',
        '--run',
        run,
        '--seed',
        '7',
        '--count',
        '2',
        '--length',
        '12',
        '--out',
        out,
        '--backend',
        'cpu',
      ])
      expect(r.code, r.stderr).toBe(0)
      return readdirSync(out)
        .sort()
        .map((f) => readFileSync(join(out, f)))
    }
    const a = await take(join(runsA, 'jsb'), join(root, 'takesA'))
    const b = await take(join(runsB, 'jsb'), join(root, 'takesB'))
    expect(a).toHaveLength(2)
    expect(b).toEqual(a)

    const cut = await truncatedCopy(file, join(root, 'cut.crnnrun'))
    const runsC = join(root, 'c')
    const bad = await runCli(['run', 'import', cut, '--runs', runsC])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(
      /crnngan run: .*cut\.crnnrun: not a readable \.crnnrun archive: it is truncated/,
    )
    // Refused before anything was written: not even the runs folder was created.
    expect(existsSync(runsC)).toBe(false)
    const usage = await runCli(['run', 'export', 'jsb', '--runs', runsA])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--out is required/)
  })
})
