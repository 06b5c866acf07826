// `crnngan sample` / `evaluate` without --run use the default shipped model (or, in a build without it, the other
// one, with a note); `--run starter-paper` reaches the paper model (spawned through the real launcher, fresh cache).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFixtureMidi } from '../training/testData'
import { defaultModelName } from './starterModel'

const BIN = resolve(import.meta.dirname, '../../../bin/crnngan.mjs')
let root = ''

/** Runs the CLI with TMPDIR inside the test folder, so the starter is materialised from scratch. */
function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: root,
      env: { ...process.env, TMPDIR: root, ...env },
    })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    p.on('close', (code) => done({ code, stdout, stderr }))
  })
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'crnngan-starter-cli-'))
  mkdirSync(join(root, 'midi'))
  writeFixtureMidi(join(root, 'midi'), 3)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('crnngan sample with the shipped models', () => {
  it('samples without --run, reproducibly, and --run <default model> is the same model', async () => {
    const args = ['sample', '--seed', '5', '--count', '2', '--length', '16', '--backend', 'cpu', '--json']
    const a = await cli([...args, '--out', 'a'])
    expect(a.code, a.stderr).toBe(0)
    const files = (JSON.parse(a.stdout) as { files: { file: string }[] }).files.map((f) => f.file)
    expect(files.map((f) => f.slice(root.length))).toEqual(['/a/seed5-0.mid', '/a/seed5-1.mid'])
    const b = await cli([...args, '--out', 'b', '--run', defaultModelName()])
    expect(b.code, b.stderr).toBe(0)
    for (const f of ['seed5-0.mid', 'seed5-1.mid'])
      expect(readFileSync(join(root, 'b', f))).toEqual(readFileSync(join(root, 'a', f)))
    expect(
      readFileSync(join(root, 'a', 'seed5-0.mid'))
        .subarray(0, 4)
        .toString(),
    ).toBe('MThd')
  })

  it('a build without the default model: --run starter names the missing folder, no --run uses the paper model', async () => {
    const env = { CRNNGAN_STARTER_DIR: join(root, 'no-studio-model') }
    const args = ['sample', '--seed', '5', '--count', '1', '--length', '8', '--backend', 'cpu']
    const missing = await cli([...args, '--out', 'c', '--run', 'starter'], env)
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toMatch(/no usable starter model in '.*no-studio-model'.*manifest\.json/)
    const fallback = await cli([...args, '--out', 'd'], env)
    expect(fallback.code, fallback.stderr).toBe(0)
    expect(fallback.stderr).toMatch(/no starter model \('starter'\); using 'starter-paper'/)
    const paper = await cli([...args, '--out', 'e', '--run', 'starter-paper'])
    expect(paper.code, paper.stderr).toBe(0)
    expect(readFileSync(join(root, 'e', 'seed5-0.mid'))).toEqual(readFileSync(join(root, 'd', 'seed5-0.mid')))
  })

  it('evaluates without --run (the default model)', async () => {
    const args = ['evaluate', '--data', 'midi', '--samples', '2', '--length', '16']
    const r = await cli([...args, '--backend', 'cpu', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as {
      type: string
      generated: { windows: number; length: number }
      real: { windows: number; length: number }
      summary: { score: number }
    }
    expect(report.type).toBe('crnngan-eval')
    expect(report.generated).toMatchObject({ windows: 2, length: 16 })
    expect(report.real).toMatchObject({ windows: 3, length: 16 })
    expect(report.summary.score).toBeGreaterThanOrEqual(0)
  })
})
