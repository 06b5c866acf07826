// `crnngan evaluate` through the real launcher on a tiny run trained here: the protocol report as tables and as
// JSON, deterministic for a seed, several --data sources pooled, --no-dropout.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFixtureMidi } from '../../ml/training/testData'

const BIN = resolve(import.meta.dirname, '../../../bin/crnngan.mjs')
let root = ''
let run = ''
const data = ['', '']

function cli(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const p = spawn(process.execPath, [BIN, ...args, '--backend', 'cpu'], { cwd: root })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    p.on('close', (code) => done({ code, stdout, stderr }))
  })
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'crnngan-eval-'))
  for (const i of [0, 1]) {
    data[i] = join(root, `midi${i}`)
    mkdirSync(data[i])
  }
  writeFixtureMidi(data[0], 8)
  writeFixtureMidi(data[1], 3)
  run = join(root, 'run')
  const t = await cli(['train', '--data', data[0], '--out', run, '--preset', 'tiny', '--epochs', '1'])
  expect(t.code, t.stderr).toBe(0)
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('crnngan evaluate', () => {
  it('prints the protocol as tables: metrics, overlaps with ceilings, notes, classifier, diversity, summary', async () => {
    const e = await cli(['evaluate', '--run', run, '--data', data[0], '--samples', '6', '--length', '16'])
    expect(e.code, e.stderr).toBe(0)
    const out = e.stdout
    expect(out).toMatch(/evaluation protocol v1: 6 generated windows of 16 events .* vs 8 real windows of 16/)
    expect(out).toMatch(/metric\s+generated mean\s+real p10 \/ p50 \/ p90\s+inside\?/)
    expect(out).toMatch(/^toneSpan\s+\S+\s+\S+ \/ \S+ \/ \S+\s+(yes|no)/m)
    expect(out).toMatch(/overlap\s+value\s+ceiling\s+ratio/)
    expect(out).toMatch(/^pitch classes \(key-normalised\)\s+[\d.-]+\s+[\d.]+\s+[\d.-]+$/m)
    expect(out).toMatch(/^kept notes per event\s+[\d.-]+\s+1$/m)
    expect(out).toMatch(/^velocity p10 \/ p50 \/ p90/m)
    expect(out).toMatch(/discriminative score \|accuracy − 0\.5\|/)
    expect(out).toMatch(/^distinct samples\s+of\s+fraction\n\d\s+6/m)
    expect(out).toMatch(/^SUMMARY [\d.]+ \(mean of the components/m)
    expect(out).toMatch(/memorisation: longest event run/)
    // Progress on stderr, fold by fold (stdout keeps only the report).
    expect(e.stderr).toMatch(/evaluate: sampling 6 × 16 events/)
    expect(e.stderr).toMatch(/evaluate: classifier fold 5\/5/)
  }, 60_000)

  it('gives the same JSON for the same seed, pools several --data sources, and samples with --no-dropout', async () => {
    const args = ['evaluate', '--run', run, '--data', data[0], '--data', data[1], '--samples', '5']
    const [a, b, c] = await Promise.all([
      cli([...args, '--length', '12', '--json']),
      cli([...args, '--length', '12', '--json']),
      cli([...args, '--length', '12', '--json', '--no-dropout', '--seed', '9']),
    ])
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    const rep = JSON.parse(a.stdout)
    expect(rep).toMatchObject({ type: 'crnngan-eval', version: 1, seed: 1234, dropout: true })
    expect(rep.real.windows).toBe(11)
    expect(rep.generated.windows).toBe(5)
    expect(rep.discriminative).toMatchObject({ perSide: 5, folds: 5 })
    const off = JSON.parse(c.stdout)
    expect(off).toMatchObject({ dropout: false, seed: 9 })
  }, 90_000)

  it('names a missing --data', async () => {
    const r = await cli(['evaluate', '--run', run])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--data is required/)
  })
})
