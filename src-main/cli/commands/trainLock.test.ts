// Two real `crnngan train` processes on one run folder (issue #10 item 3): the second is refused while the first
// runs, naming it; after the first is SIGKILLed its lock is stale, and the next train takes it over and resumes.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFixtureMidi } from '../../ml/training/testData'

const BIN = resolve(import.meta.dirname, '../../../bin/crnngan.mjs')
let root = ''
let data = ''
const children: ChildProcess[] = []
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'crnngan-lock-'))
  data = join(root, 'midi')
  mkdirSync(data)
  writeFixtureMidi(data, 10)
})
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

/** Starts `crnngan train`; `until` resolves once stdout matches `ready`, `done` with the exit code and output. */
function train(run: string, epochs: number, ready = /"type":"epochEnd"/) {
  const args = ['train', '--data', data, '--out', run, '--preset', 'tiny', '--epochs', String(epochs)]
  const p = spawn(process.execPath, [BIN, ...args, '--backend', 'cpu', '--json-progress'], { cwd: root })
  children.push(p)
  let stdout = ''
  let stderr = ''
  let signal: () => void = () => undefined
  const until = new Promise<void>((r) => (signal = r))
  p.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString()
    if (ready.test(stdout)) signal()
  })
  p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) =>
    p.on('close', (code) => r({ code, stdout, stderr })),
  )
  return { p, until, done }
}

describe('run folder lock', () => {
  it('refuses a second train on a busy run, and a SIGKILLed holder leaves no stale lock', async () => {
    const run = join(root, 'run')
    const a = train(run, 500)
    await Promise.race([a.until, a.done])
    expect(a.p.exitCode).toBeNull() // still training
    const lock = JSON.parse(readFileSync(join(run, 'train.lock'), 'utf8')) as { pid: number }
    expect(lock.pid).toBe(a.p.pid)

    const b = await train(run, 500).done
    expect(b.code).toBe(1)
    expect(b.stderr).toMatch(
      new RegExp(`failed \\(BUSY\\): run folder '.*run' is in use by process ${a.p.pid}`),
    )

    a.p.kill('SIGKILL')
    await a.done
    expect(existsSync(join(run, 'train.lock'))).toBe(true) // a killed process cannot clean up

    // The stale lock is taken over; the run resumes from its checkpoint and finishes the one more epoch asked for.
    const epochsDone = (
      JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as { checkpoints: { epoch: number }[] }
    ).checkpoints.at(-1)!.epoch
    const c = await train(run, epochsDone + 1).done
    expect(c.stderr).not.toMatch(/in use/)
    expect(c.code).toBe(0)
    expect(c.stdout).toMatch(new RegExp(`"type":"progress","runId":"[^"]+","epoch":${epochsDone},`))
    expect(c.stdout).toMatch(new RegExp(`"type":"finished","runId":"[^"]+","epochs":${epochsDone + 1},`))
    expect(existsSync(join(run, 'train.lock'))).toBe(false) // released on a clean exit
  }, 120_000)
})
