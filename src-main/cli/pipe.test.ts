// `crnngan dataset stats … | head -1` (issue #10 item 12): when the reader of stdout goes away, the CLI ends quietly
// with its exit code instead of crashing on EPIPE.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFixtureMidi } from '../ml/training/testData'

const BIN = resolve(import.meta.dirname, '../../bin/crnngan.mjs')
const root = mkdtempSync(join(tmpdir(), 'crnngan-pipe-'))
const library = join(root, 'lib')
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(() => {
  mkdirSync(join(root, 'midi'))
  writeFixtureMidi(join(root, 'midi'), 4)
  const r = spawnSync(process.execPath, [
    BIN,
    'dataset',
    'create',
    'bach',
    join(root, 'midi'),
    '--library',
    library,
  ])
  expect(r.status).toBe(0)
}, 60_000)

describe('stdout closed early', () => {
  it('dataset stats exits 0 without an EPIPE crash when its reader is already gone', async () => {
    const p = spawn(process.execPath, [BIN, 'dataset', 'stats', 'bach', '--library', library])
    p.stdout.destroy() // the reader closes before the first byte: every write fails with EPIPE
    let stderr = ''
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((r) => p.on('close', r))
    expect(stderr).not.toMatch(/EPIPE|Unhandled/)
    expect(code).toBe(0)
  }, 60_000)

  it('`| head -1` prints the first line and the pipeline succeeds', () => {
    const cmd = `"${process.execPath}" "${BIN}" dataset stats bach --library "${library}" | head -1; exit \${PIPESTATUS[0]}`
    const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' })
    expect(r.stdout).toMatch(/^dataset 'bach' \(ds-[\w-]+\)\n$/)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  }, 60_000)
})
