import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import type { TrainConfig } from '../config/trainConfig'
import type { EpochEndEvent, ProgressEvent, TrainerEvent } from './events'
import { readIndex } from '../checkpoints/store'
import { syntheticSongs } from './testData'
import { Trainer } from './trainer'

const dirs: string[] = []
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'crnngan-train-'))
  dirs.push(d)
  return d
}
beforeAll(async () => {
  await tf.setBackend('cpu')
})
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const songs = syntheticSongs(12, 40)
const tiny = (over: Parameters<typeof makeConfig>[1] = {}): TrainConfig =>
  makeConfig('tiny', { model: { hidden: 8 }, schedule: { samplesPerEpoch: 2 }, ...over })

async function train(
  config: TrainConfig,
  runDir: string,
  extra: Partial<ConstructorParameters<typeof Trainer>[0]> = {},
) {
  const events: TrainerEvent[] = []
  const t = new Trainer({
    config,
    songs,
    runDir,
    runId: 'r',
    backend: 'cpu',
    emit: (e) => events.push(e),
    ...extra,
  })
  const outcome = await t.run()
  const weights = t.model.getWeights()
  t.dispose()
  return { events, outcome, weights }
}
const of = <T extends TrainerEvent['type']>(ev: TrainerEvent[], type: T) =>
  ev.filter((e): e is Extract<TrainerEvent, { type: T }> => e.type === type)

describe('Trainer', () => {
  it('pretraining (teacher-forced MSE) lowers the loss; no tensors leak', async () => {
    const config = tiny({
      schedule: { epochs: 4, pretrainEpochs: 4, curriculum: 'none' },
      data: { maxLength: 8 },
    })
    const before = tf.memory().numTensors
    const { events, outcome } = await train(config, tmp())
    expect(outcome).toBe('finished')
    expect(tf.memory().numTensors).toBe(before)
    const val = of(events, 'epochEnd').map((e) => e.validationLoss)
    expect(val).toHaveLength(4)
    expect(val[3]).toBeLessThan(val[0])
    const p = of(events, 'progress') as ProgressEvent[]
    expect(p.length).toBeGreaterThan(0)
    expect(p.every((e) => e.phase === 'pretrain' && Number.isFinite(e.mseLoss))).toBe(true)
  })

  for (const freezing of ['paper', 'codeExact'] as const) {
    it(`runs adversarial epochs with ${freezing} freezing, metrics next to the reference`, async () => {
      const config = tiny({ schedule: { epochs: 3, pretrainEpochs: 1 }, adversarial: { freezing } })
      const before = tf.memory().numTensors
      const dir = tmp()
      const { events } = await train(config, dir)
      expect(tf.memory().numTensors).toBe(before)
      const ends = of(events, 'epochEnd') as EpochEndEvent[]
      expect(ends.map((e) => e.phase)).toEqual(['pretrain', 'adversarial', 'adversarial'])
      expect(ends.map((e) => e.songLength)).toEqual([4, 8, 12])
      const adv = of(events, 'progress').filter((e) => e.phase === 'adversarial')
      expect(adv.length).toBeGreaterThan(0)
      expect(adv.every((e) => Number.isFinite(e.dLoss) && Number.isFinite(e.gLoss))).toBe(true)
      expect(ends[2].sampleMidi.length).toBeGreaterThan(14)
      expect(ends[2].reference.toneSpan).toBeGreaterThan(0)
      expect(Object.keys(ends[2].metrics)).toHaveLength(6)
      // The evaluation protocol ran on every epoch's samples (its classifier included: no tensor left, above).
      for (const e of ends) {
        expect(e.evaluation).toMatchObject({ version: 1, samples: config.schedule.samplesPerEpoch })
        expect(e.evaluation?.components).toHaveLength(9)
        expect(e.evaluation?.score).toBeGreaterThanOrEqual(0)
        expect(e.evaluation?.score).toBeLessThanOrEqual(1)
        expect(e.evaluation?.realNotesPerEvent).toBeGreaterThan(0)
      }
      expect(of(events, 'finished')).toHaveLength(1)
      // Each epoch's checkpoint keeps its samples' score, and "best" is the highest-scoring one kept.
      const idx = await readIndex(dir)
      const scored = idx.checkpoints.filter((c) => c.score != null)
      expect(scored.length).toBeGreaterThan(0)
      for (const c of scored) expect(c.score).toBe(ends[c.epoch - 1].evaluation?.score)
      expect(idx.best).toBe(scored.reduce((a, b) => (b.score! > a.score! ? b : a)).name)
    })
  }

  for (const preset of ['paper', 'modern'] as const) {
    it(`resume reproduces the exact next steps (${preset === 'paper' ? 'SGD' : 'Adam'})`, async () => {
      const base = makeConfig(preset, {
        model: { hidden: 8 },
        data: { batchSize: 4, maxLength: 8, validationFraction: 0.2 },
        schedule: { epochs: 2, pretrainEpochs: 1, samplesPerEpoch: 0, checkpointEvery: 1 },
      })
      const straight = await train(base, tmp())
      const dir = tmp()
      await train({ ...base, schedule: { ...base.schedule, epochs: 1 } }, dir)
      const resumed = await train(base, dir)
      expect(of(resumed.events, 'epochEnd').map((e) => e.epoch)).toEqual([1])
      for (const [k, v] of Object.entries(straight.weights)) expect(resumed.weights[k].data).toEqual(v.data)
    })
  }

  it('pause saves a checkpoint mid-epoch; stop saves one and ends the run; a rerun resumes', async () => {
    const config = tiny({ schedule: { epochs: 2, pretrainEpochs: 1 } })
    const dir = tmp()
    const abort = new AbortController()
    const events: TrainerEvent[] = []
    const t: Trainer = new Trainer({
      config,
      songs,
      runDir: dir,
      runId: 'r',
      backend: 'cpu',
      signal: abort.signal,
      emit: (e) => {
        events.push(e)
        if (e.type === 'paused') setTimeout(() => t.resume(), 5)
      },
      afterStep: ({ epoch, step }) => {
        if (epoch === 0 && step === 0) t.pause()
        if (epoch === 1 && step === 0) abort.abort()
      },
    })
    expect(await t.run()).toBe('stopped')
    t.dispose()
    expect(of(events, 'paused')[0]).toMatchObject({ epoch: 0, step: 1 })
    expect(of(events, 'checkpoint').map((c) => c.reason)).toEqual(['pause', 'periodic', 'stop'])
    expect(of(events, 'stopped')[0].checkpointPath).toMatch(/e0001-s00001$/)
    const again = await train(config, dir)
    expect(again.outcome).toBe('finished')
    expect(of(again.events, 'epochEnd').map((e) => e.epoch)).toEqual([1])
  })

  it('rolls back to the last good checkpoint with halved learning rates when a NaN appears', async () => {
    const config = tiny({ schedule: { epochs: 3, pretrainEpochs: 1 } })
    const dir = tmp()
    let injected = false
    const { events, outcome } = await train(config, dir, {
      afterStep: ({ epoch, step, model }) => {
        if (epoch === 1 && step === 0 && !injected) {
          injected = true
          const w = model.getWeights()
          const k = Object.keys(w).find((n) => n.startsWith('g/out/kernel'))!
          w[k].data.fill(NaN)
          model.setWeights(w)
        }
      },
    })
    expect(outcome).toBe('finished')
    const rb = of(events, 'rollback')
    expect(rb).toHaveLength(1)
    expect(rb[0]).toMatchObject({ epoch: 1, restoredEpoch: 1, lrG: 0.05, lrD: 0.025, cause: 'nonFinite' })
    expect(rb[0].checkpointPath).toMatch(/e0001-s00000$/)
    expect(of(events, 'epochEnd').map((e) => e.epoch)).toEqual([0, 1, 2])
    expect(readdirSync(join(dir, 'checkpoints')).some((n) => n.startsWith('.'))).toBe(false)
  })

  for (const kind of ['sgd', 'adam'] as const)
    it(`goes back to the best-scoring checkpoint with halved rates when the score falls (guard on, ${kind})`, async () => {
      // A hair-trigger guard (any epoch 0.001 below the best, once) so a 5-epoch tiny run exercises the real path.
      const collapseGuard = { drop: 0.001, patience: 1, maxRollbacks: 1 }
      const config = tiny({ schedule: { epochs: 5, pretrainEpochs: 1, collapseGuard }, optim: { kind } })
      const dir = tmp()
      const before = tf.memory().numTensors
      const bestAt: (string | null)[] = []
      const events: TrainerEvent[] = []
      const { outcome } = await train(config, dir, {
        emit: (e) => {
          events.push(e)
          if (e.type === 'rollback')
            bestAt.push(
              (JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { best: string | null }).best,
            )
        },
      })
      expect(tf.memory().numTensors).toBe(before)
      expect(outcome).toBe('finished')
      const rb = of(events, 'rollback')
      expect(rb).toHaveLength(1)
      expect(rb[0].reason).toMatch(/^collapse: .*rollback 1 of 1/)
      expect(rb[0].checkpointPath.endsWith(`/${bestAt[0]}`)).toBe(true)
      expect(rb[0].restoredEpoch).toBeLessThan(rb[0].epoch)
      expect(rb[0]).toMatchObject({ lrG: 0.05, lrD: 0.025, cause: 'collapse' })
      // The epoch that triggered it scored below the best checkpoint's score.
      const ends = of(events, 'epochEnd')
      const trigger = ends.filter((e) => events.indexOf(e) < events.indexOf(rb[0])).at(-1)!
      const best = Number(/\(([0-9.]+)\)/.exec(rb[0].reason)![1])
      expect(trigger.evaluation!.score).toBeLessThan(best - collapseGuard.drop)
      // Training went on from the restored epoch to the end.
      expect(ends.at(-1)!.epoch).toBe(4)
      expect(ends.length).toBeGreaterThan(5)
    })

  it('never rolls back on a score with the guard off (the paper recipe)', async () => {
    const { events } = await train(tiny({ schedule: { epochs: 5, pretrainEpochs: 1 } }), tmp())
    expect(of(events, 'rollback')).toHaveLength(0)
  })

  it('fails with DIVERGED when every retry turns non-finite again: after 4 rollbacks, not a 5th', async () => {
    const config = tiny({ schedule: { epochs: 3, pretrainEpochs: 1 } })
    const events: TrainerEvent[] = []
    const t = new Trainer({
      config,
      songs,
      runDir: tmp(),
      runId: 'r',
      backend: 'cpu',
      emit: (e) => events.push(e),
      afterStep: ({ epoch, step, model }) => {
        if (epoch !== 1 || step !== 0) return
        const w = model.getWeights()
        const k = Object.keys(w).find((n) => n.startsWith('g/out/kernel'))!
        w[k].data.fill(NaN)
        model.setWeights(w)
      },
    })
    await expect(t.run()).rejects.toMatchObject({
      code: 'DIVERGED',
      message: expect.stringMatching(/stayed non-finite after 4 rollbacks/),
    })
    t.dispose()
    expect(of(events, 'rollback')).toHaveLength(4)
    expect(of(events, 'epochEnd').map((e) => e.epoch)).toEqual([0])
  })

  it('refuses data smaller than one batch with a clear error', async () => {
    const t = new Trainer({
      config: tiny(),
      songs: songs.slice(0, 3),
      runDir: tmp(),
      runId: 'r',
      backend: 'cpu',
      emit: () => {},
    })
    await expect(t.run()).rejects.toThrow(/training songs is fewer than one batch of 4/)
    t.dispose()
  })
})
