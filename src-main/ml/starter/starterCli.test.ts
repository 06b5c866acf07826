// `crnngan sample` without --run uses the shipped starter model (spawned through the real launcher, fresh cache).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

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
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('crnngan sample with the starter model', () => {
  it('samples without --run, reproducibly, and --run starter is the same model', async () => {
    const args = ['sample', '--seed', '5', '--count', '2', '--length', '16', '--backend', 'cpu', '--json']
    const a = await cli([...args, '--out', 'a'])
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    const files = (JSON.parse(a.stdout) as { files: { file: string }[] }).files.map((f) => f.file)
    expect(files.map((f) => f.slice(root.length))).toEqual(['/a/seed5-0.mid', '/a/seed5-1.mid'])
    const b = await cli([...args, '--out', 'b', '--run', 'starter'])
    expect(b.code).toBe(0)
    for (const f of ['seed5-0.mid', 'seed5-1.mid'])
      expect(readFileSync(join(root, 'b', f))).toEqual(readFileSync(join(root, 'a', f)))
    expect(readFileSync(join(root, 'a', 'seed5-0.mid')).subarray(0, 4).toString()).toBe('MThd')
  })
})
