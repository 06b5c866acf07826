// End to end through the real launcher: `crnngan train` (worker thread) → `sample` → `evaluate`, plus Ctrl-C.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Midi } from '@tonejs/midi'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFixtureMidi } from '../../ml/training/testData'

const BIN = resolve(import.meta.dirname, '../../../bin/crnngan.mjs')
let root = ''
let data = ''

/** Runs the CLI; resolves with exit code and output. `onStdout` may act on partial output (e.g. send SIGINT). */
function cli(args: string[], onStdout?: (text: string, kill: () => void) => void) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: root })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      onStdout?.(stdout, () => p.kill('SIGINT'))
    })
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    p.on('close', (code) => done({ code, stdout, stderr }))
  })
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'crnngan-cli-'))
  data = join(root, 'midi')
  mkdirSync(data)
  writeFixtureMidi(data, 10)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('crnngan train / sample / evaluate', () => {
  it('trains a tiny run for 1 epoch, samples MIDI files and evaluates them', async () => {
    const run = join(root, 'run')
    const t = await cli([
      'train',
      '--data',
      data,
      '--out',
      run,
      '--preset',
      'tiny',
      '--epochs',
      '1',
      '--backend',
      'cpu',
      '--json-progress',
    ])
    expect(t.stderr).toMatch(/backend: cpu/)
    expect(t.code).toBe(0)
    const events = t.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string })
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['ready', 'progress', 'epochEnd', 'checkpoint', 'finished']),
    )

    const out = join(root, 'samples')
    const s = await cli([
      'sample',
      '--run',
      run,
      '--seed',
      '5',
      '--count',
      '3',
      '--length',
      '8',
      '--out',
      out,
      '--rank',
      '--json',
      '--backend',
      'cpu',
    ])
    expect(s.code).toBe(0)
    const files = (JSON.parse(s.stdout) as { files: { file: string; score: number }[] }).files
    expect(files).toHaveLength(3)
    expect(readdirSync(out).sort()).toEqual(files.map((f) => f.file.split('/').pop()).sort())
    expect(new Midi(new Uint8Array(readFileSync(files[0].file))).header.ppq).toBe(384)

    const e = await cli([
      'evaluate',
      '--run',
      run,
      '--data',
      data,
      '--samples',
      '4',
      '--length',
      '16',
      '--json',
      '--backend',
      'cpu',
    ])
    expect(e.code).toBe(0)
    const rep = JSON.parse(e.stdout)
    expect(rep).toMatchObject({
      type: 'crnngan-eval',
      version: 1,
      seed: 1234,
      tonesPerCell: 1,
      dropout: true,
    })
    expect(rep.generated).toMatchObject({ windows: 4, length: 16 })
    expect(rep.real).toMatchObject({ windows: 10, length: 16 })
    expect(rep.paperMetrics.rows.map((r: { metric: string }) => r.metric)).toEqual([
      'toneSpan',
      'uniqueTones',
      'intensitySpan',
      'scaleConsistency',
      'polyphony',
      'repetitions3',
    ])
    expect(rep.paperMetrics.rows[0].real.p50).toBeGreaterThan(0)
    expect(Object.keys(rep.overlaps)).toEqual([
      'pitchClasses',
      'intervals',
      'interOnset',
      'lengths',
      'velocities',
    ])
    // Real windows of the fixture are full of notes: each ceiling is a real overlap in (0, 1].
    for (const o of Object.values(rep.overlaps) as { ceiling: number }[]) expect(o.ceiling).toBeGreaterThan(0)
    expect(rep.keptNotes.real).toBe(1)
    expect(rep.summary.components).toHaveLength(9)
    expect(rep.summary.score).toBeGreaterThanOrEqual(0)
    expect(rep.summary.score).toBeLessThanOrEqual(1)
    expect(rep.memorisation.longestRun.n).toBe(4)
  }, 120_000)

  it('Ctrl-C saves a checkpoint and exits 130; rerunning with the same --out resumes', async () => {
    const run = join(root, 'run-int')
    const args = [
      'train',
      '--data',
      data,
      '--out',
      run,
      '--preset',
      'tiny',
      '--epochs',
      '40',
      '--backend',
      'cpu',
      '--json-progress',
    ]
    let sent = false
    const t = await cli(args, (text, kill) => {
      if (!sent && text.includes('"epochEnd"')) {
        sent = true
        kill()
      }
    })
    expect(t.code).toBe(130)
    expect(t.stdout).toMatch(/"type":"stopped"/)
    expect(t.stdout).toMatch(/"reason":"stop"/)
    const again = await cli([...args.slice(0, 7), '--epochs', '2', '--backend', 'cpu', '--json-progress'])
    expect(again.code).toBe(0)
    const ends = again.stdout.split('\n').filter((l) => l.includes('"epochEnd"'))
    expect(ends.length).toBeLessThanOrEqual(1)
    // The stop landed in epoch 2 at the latest (tiny epochs are fast), so at most one epoch is left to train.
    expect(again.stdout).toMatch(/"type":"finished"/)
  }, 120_000)

  it('names a missing required option', async () => {
    const r = await cli(['train', '--out', join(root, 'x')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--data is required/)
  })
})
