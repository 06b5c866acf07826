// Runs on disk become RunSummary rows (checkpoints, best, state); foreign folders are skipped; preset defaults.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { saveCheckpoint, type TrainState } from '../../ml/checkpoints/store'
import { makeConfig, PRESET_NAMES } from '../../ml/config/presets'
import * as tf from '@tensorflow/tfjs'
import {
  existingCheckpoints,
  missingCheckpoint,
  pickCheckpoint,
  presetInfos,
  readDiskRuns,
  shippedRuns,
} from './runCatalog'
import { withShippedModels, writeTinyStarter } from './testing/starterFixture'

const state = (epoch: number, validationLoss: number, step = 0): TrainState => ({
  epoch,
  step,
  globalStep: epoch * 3 + step,
  seed: 9,
  songLength: 8,
  prevD: NaN,
  prevG: NaN,
  lrG: 0.1,
  lrD: 0.05,
  validationLoss,
  bestValidationLoss: validationLoss,
  history: [],
})

describe('run catalog', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runs-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('lists only the checkpoints that exist on disk, whatever run.json says', async () => {
    const config = makeConfig('tiny', { datasetId: 'ds-1', seed: 9, schedule: { epochs: 9 } })
    const runDir = join(dir, 'run-b')
    for (let e = 1; e <= 5; e++)
      await saveCheckpoint(runDir, { config, state: state(e, 10 - e), weights: [], optimizer: [] }, 'p', 2)
    // keepLast 2 pruned epochs 1..3; an index that still names them (older writer) must not bring them back.
    const index = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { checkpoints: object[] }
    const stale = [1, 2, 3].map((e) => ({
      name: `e000${e}-s00000`,
      epoch: e,
      step: 0,
      globalStep: e * 3,
      validationLoss: 10 - e,
      reason: 'p',
    }))
    writeFileSync(
      join(runDir, 'run.json'),
      JSON.stringify({ ...index, checkpoints: [...stale, ...index.checkpoints] }),
    )
    const list = await existingCheckpoints(runDir)
    expect(list.map((c) => c.epoch)).toEqual([4, 5])
    expect((await readDiskRuns(dir))[0].summary.checkpoints.map((c) => c.epoch)).toEqual([4, 5])
    expect(pickCheckpoint(list, 'latest')?.epoch).toBe(5)
    expect(pickCheckpoint(list, 'best')?.epoch).toBe(5)
    expect(pickCheckpoint(list, 4)?.epoch).toBe(4)
    expect(pickCheckpoint(list, 2)).toBeUndefined()
    const msg = missingCheckpoint('run-b', 2)
    expect(msg).toMatch(/checkpoint saved after epoch 2 of run run-b is no longer on disk/)
    expect(msg).not.toContain(dir)
  })

  it('lists runs with their checkpoints and skips folders that are not runs', async () => {
    const config = makeConfig('tiny', { datasetId: 'ds-1', seed: 9, schedule: { epochs: 4 } })
    const runDir = join(dir, 'run-a')
    await saveCheckpoint(runDir, { config, state: state(1, 2.5), weights: [], optimizer: [] }, 'periodic', 5)
    await saveCheckpoint(runDir, { config, state: state(2, 1.5), weights: [], optimizer: [] }, 'periodic', 5)
    await saveCheckpoint(runDir, { config, state: state(2, 3, 1), weights: [], optimizer: [] }, 'stop', 5)
    mkdirSync(join(dir, 'junk'))
    writeFileSync(join(dir, 'junk', 'run.json'), '{"type":"something else"}')
    mkdirSync(join(dir, 'empty'))

    const runs = await readDiskRuns(dir)
    expect(runs).toHaveLength(1)
    const s = runs[0].summary
    expect(s).toMatchObject({ runId: 'run-a', datasetId: 'ds-1', state: 'stopped', epochsDone: 2, epochs: 4 })
    expect(s).toMatchObject({ preset: 'tiny', seed: 9, paused: false })
    expect(s.checkpoints.map((c) => [c.epoch, c.step, c.isBest])).toEqual([
      [1, 0, false],
      [2, 0, true],
      [2, 1, false],
    ])
    expect(runs[0].config.model.hidden).toBe(16)
  })

  it('marks a run that reached its last epoch as finished', async () => {
    const config = makeConfig('tiny', { schedule: { epochs: 1 } })
    await saveCheckpoint(
      join(dir, 'r'),
      { config, state: state(1, 1), weights: [], optimizer: [] },
      'final',
      3,
    )
    expect((await readDiskRuns(dir))[0].summary.state).toBe('finished')
  })

  it('still lists a run whose newest checkpoint folder vanished, without that checkpoint', async () => {
    const config = makeConfig('tiny', { schedule: { epochs: 4 } })
    const runDir = join(dir, 'run-v')
    await saveCheckpoint(runDir, { config, state: state(1, 2), weights: [], optimizer: [] }, 'periodic', 5)
    await saveCheckpoint(runDir, { config, state: state(2, 1), weights: [], optimizer: [] }, 'periodic', 5)
    rmSync(join(runDir, 'checkpoints', 'e0002-s00000'), { recursive: true })
    const [run] = await readDiskRuns(dir)
    expect(run?.summary).toMatchObject({ runId: 'run-v', epochsDone: 1 })
    expect(run.summary.checkpoints.map((c) => c.epoch)).toEqual([1])
    expect(run.summary.checkpoint).toMatch(/e0001-s00000$/)
  })

  it('returns no runs for a missing folder', async () => {
    await expect(readDiskRuns(join(dir, 'nope'))).resolves.toEqual([])
  })

  it('describes every preset with its real defaults', () => {
    const infos = presetInfos()
    expect(infos.map((p) => p.name)).toEqual([...PRESET_NAMES])
    expect(infos.find((p) => p.name === 'paper')).toMatchObject({
      hidden: 350,
      batchSize: 20,
      maxLength: 100,
    })
    expect(infos.find((p) => p.name === 'paper3')?.tonesPerCell).toBe(3)
    expect(infos.find((p) => p.name === 'modern')?.optimizer).toBe('adam')
  })

  it('lists the shipped models this build has as finished read-only runs, the default first', async () => {
    const before = tf.memory().numTensors
    const studio = join(dir, 'studio-src')
    const paper = join(dir, 'paper-src')
    await writeTinyStarter(studio, 7, 70)
    await writeTinyStarter(paper, 3, 30)
    expect(tf.memory().numTensors).toBe(before)
    const cache = join(dir, 'cache')
    await withShippedModels({ starter: studio, 'starter-paper': paper }, async () => {
      const runs = await shippedRuns(cache)
      expect(runs.map((r) => r.summary)).toMatchObject([
        { runId: 'starter', state: 'finished', epochsDone: 7, epochs: 7, datasetId: '', startFrom: null },
        { runId: 'starter-paper', state: 'finished', epochsDone: 3, epochs: 3, datasetId: '' },
      ])
      expect(runs[0].summary.checkpoints.map((c) => c.epoch)).toEqual([7])
      expect(runs[0].runDir).not.toBe(runs[1].runDir)
    })
    // Either may be absent from a build: only what exists is listed.
    await withShippedModels({ starter: null, 'starter-paper': paper }, async () => {
      expect((await shippedRuns(cache)).map((r) => r.summary.runId)).toEqual(['starter-paper'])
    })
    await withShippedModels({ starter: studio, 'starter-paper': null }, async () => {
      expect((await shippedRuns(cache)).map((r) => r.summary.runId)).toEqual(['starter'])
    })
    await withShippedModels({ starter: null, 'starter-paper': null }, async () => {
      await expect(shippedRuns(cache)).resolves.toEqual([])
    })
  })

  it('names a shipped model by its label when its checkpoint is gone', () => {
    expect(missingCheckpoint('starter-paper', 'best')).toMatch(
      /^the best checkpoint of the Paper model \(faithful to Mogren 2016\) is no longer on disk/,
    )
    expect(missingCheckpoint('run-x', 3)).toMatch(/^the checkpoint saved after epoch 3 of run run-x /)
  })
})
