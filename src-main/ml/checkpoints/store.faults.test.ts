// Crash safety of checkpoint saves (issue #10 item 1): every file-system call a save makes is made to fail in turn —
// as a kill (that call and all later ones fail, no clean-up runs) and as a full disk (ENOSPC at that call) — while
// re-saving the same (epoch, step) and while a new best replaces an old one. After each fault the run is reopened as
// a new process would: it must resume from a complete checkpoint (the old or the new one), sample, leave no temp
// folder behind, list no missing folder, and take the next save.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import type { TrainConfig } from '../config/trainConfig'
import { sample } from '../sampling/sample'
import { buildModel } from '../training/modelFactory'
import { NetOptimizer } from '../training/optim'
import { RunState, type MutableState } from '../training/runState'
import { readIndex } from './store'
import { injectFaults, type Fault } from './testing/faultFs'

const root = mkdtempSync(join(tmpdir(), 'crnngan-faults-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(async () => {
  await tf.setBackend('cpu')
})

const config: TrainConfig = makeConfig('tiny', { model: { hidden: 8 }, schedule: { keepLast: 2 } })
const model = buildModel(config)
const optG = new NetOptimizer(config.optim.kind, config.optim.lrG)
const optD = new NetOptimizer(config.optim.kind, config.optim.lrD)
afterAll(() => [model, optG, optD].forEach((x) => x.dispose()))
const runState = (dir: string) => new RunState(dir, config, model, optG, optD)
let seq = 0
const fresh = (template: string): string => {
  const dir = join(root, `run${seq++}`)
  cpSync(template, dir, { recursive: true })
  return dir
}
const at = (st: MutableState, epoch: number, validationLoss: number, lrG: number): MutableState =>
  Object.assign(st, { epoch, step: 0, globalStep: epoch * 5, validationLoss, lrG })

/** A scenario: a run folder, and the save that is interrupted (with the lrG that tells old from new apart). */
interface Scenario {
  readonly template: string
  readonly save: (rs: RunState, st: MutableState) => Promise<unknown>
  readonly old: { epoch: number; lrG: number }
  readonly next: { epoch: number; lrG: number }
}

async function buildScenarios(): Promise<Record<'resave' | 'newBest', Scenario>> {
  const a = join(root, 'resave')
  const rsA = runState(a)
  const stA = await rsA.restoreOrInit()
  await rsA.save(at(stA, 1, 2, 0.01), 'periodic')
  const b = join(root, 'newBest')
  const rsB = runState(b)
  const stB = await rsB.restoreOrInit()
  for (const [e, v] of [
    [1, 1],
    [2, 2],
    [3, 3],
  ])
    await rsB.save(at(stB, e, v, 0.01), 'periodic')
  return {
    // A stop at the epoch boundary right after the periodic save: the same (epoch 1, step 0) is saved again.
    resave: {
      template: a,
      save: (rs, st) => rs.save(at(st, 1, 2, 0.005), 'stop'),
      old: { epoch: 1, lrG: 0.01 },
      next: { epoch: 1, lrG: 0.005 },
    },
    // keepLast 2 with best = epoch 1: epoch 4 becomes the best, and epochs 1 and 2 go.
    newBest: {
      template: b,
      save: (rs, st) => rs.save(at(st, 4, 0.5, 0.005), 'periodic'),
      old: { epoch: 3, lrG: 0.01 },
      next: { epoch: 4, lrG: 0.005 },
    },
  }
}

/** Runs the save under `fault`, then reopens the run; returns null when it survived, else what went wrong. */
async function probe(s: Scenario, fault: Fault): Promise<string | null> {
  const dir = fresh(s.template)
  const rs = runState(dir)
  const st = await rs.restoreOrInit()
  const faults = injectFaults(fault)
  let saved = true
  try {
    await s.save(rs, st)
  } catch {
    saved = false
  } finally {
    faults.restore()
  }
  try {
    const back = await runState(dir).restoreOrInit()
    const got = { epoch: back.epoch, lrG: back.lrG }
    const ok = [s.old, s.next].some((e) => e.epoch === got.epoch && e.lrG === got.lrG)
    if (!ok) return `resumed ${JSON.stringify(got)}`
    if (saved && got.lrG !== s.next.lrG) return 'a save that returned was lost'
    const left = readdirSync(join(dir, 'checkpoints')).filter((n) => n.endsWith('.tmp'))
    if (left.length > 0) return `temp folders left: ${left.join(', ')}`
    const names = new Set(readdirSync(join(dir, 'checkpoints')))
    const index = await readIndex(dir)
    const missing = index.checkpoints.filter((c) => !names.has(c.name))
    if (missing.length > 0) return `run.json lists missing ${missing.map((c) => c.name).join(', ')}`
    for (const checkpoint of ['latest', 'best'] as const) {
      const r = await sample({ runDir: dir, checkpoint, seed: 1, count: 1, length: 4, outputs: ['midi'] })
      if (r.candidates.length !== 1 || r.candidates[0].midi.byteLength === 0)
        return `sampling ${checkpoint} failed`
    }
    await runState(dir).save({ ...back, epoch: back.epoch + 1 }, 'periodic')
    return null
  } catch (err) {
    return (err as Error).message.split('\n')[0]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('checkpoint saves under injected faults', () => {
  it('survive a kill and a full disk at every file-system call, re-saving a point and replacing the best', async () => {
    const scenarios = await buildScenarios()
    const figures: string[] = []
    const failures: string[] = []
    for (const [name, s] of Object.entries(scenarios)) {
      // Count the calls of an undisturbed save first (on a copy), then fail each one in turn.
      const dir = fresh(s.template)
      const rs = runState(dir)
      const st = await rs.restoreOrInit()
      const count = injectFaults({ kind: 'none' })
      await s.save(rs, st).finally(count.restore)
      const n = count.calls.length
      expect(n).toBeGreaterThan(10)
      for (const kind of ['kill', 'enospc'] as const) {
        let survived = 0
        for (let k = 1; k <= n; k++) {
          const why = await probe(s, { kind, at: k })
          if (why === null) survived++
          else failures.push(`${name} ${kind} at call ${k} (${count.calls[k - 1]}): ${why}`)
        }
        figures.push(`${name}: ${kind} ${survived}/${n} survived`)
      }
    }
    console.log(`fault injection:\n  ${figures.join('\n  ')}`)
    expect(failures).toEqual([])
  }, 120_000)
})
