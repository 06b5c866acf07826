// `crnngan sample` without --run uses the shipped starter model (spawned through the real launcher, fresh cache).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFixtureMidi } from '../training/testData'

const BIN = resolve(import.meta.dirname, '../../../bin/crnngan.mjs')
let root = ''

/** Runs the CLI with TMPDIR inside the test folder, so the starter is materialised from scratch. */
function cli(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: root, env: { ...process.env, TMPDIR: root } })
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

describe('crnngan sample with the starter model', () => {
  it('samples without --run, reproducibly, and --run starter is the same model', async () => {
    const args = ['sample', '--seed', '5', '--count', '2', '--length', '16', '--backend', 'cpu', '--json']
    const a = await cli([...args, '--out', 'a'])
    expect(a.code, a.stderr).toBe(0)
    const files = (JSON.parse(a.stdout) as { files: { file: string }[] }).files.map((f) => f.file)
    expect(files.map((f) => f.slice(root.length))).toEqual(['/a/seed5-0.mid', '/a/seed5-1.mid'])
    const b = await cli([...args, '--out', 'b', '--run', 'starter'])
    expect(b.code, b.stderr).toBe(0)
    for (const f of ['seed5-0.mid', 'seed5-1.mid'])
      expect(readFileSync(join(root, 'b', f))).toEqual(readFileSync(join(root, 'a', f)))
    expect(
      readFileSync(join(root, 'a', 'seed5-0.mid'))
        .subarray(0, 4)
        .toString(),
    ).toBe('MThd')
  })

  it('evaluates the starter model with --run starter', async () => {
    const args = ['evaluate', '--run', 'starter', '--data', 'midi', '--samples', '2', '--length', '16']
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
