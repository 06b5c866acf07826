// The studio preset's deviations end to end at a small size: train with cover windows, the studio space, wider
// noise, dt through max(0, ·), D's music view, mean feature matching and dequantised reals; then the checkpoint
// verifies and loads (its shapes follow the config), it resumes, and every sampled event becomes a playable note.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import { loadRunModel, sample } from '../sampling/sample'
import { syntheticSongs } from './testData'
import { Trainer } from './trainer'

const dirs: string[] = []
beforeAll(async () => {
  await tf.setBackend('cpu')
})
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('studio preset, small', () => {
  it.each(['studio', 'studioFifths'] as const)(
    'trains, resumes, and samples notes from every event (%s space)',
    async (features) => {
      const runDir = mkdtempSync(join(tmpdir(), 'crnngan-studio-'))
      dirs.push(runDir)
      const config = makeConfig('studio', {
        model: { hidden: 8, noiseDim: 5, features, outputLattice: 'studio' },
        data: { batchSize: 4, maxLength: 16 },
        schedule: { epochs: 2, pretrainEpochs: 1, curriculumStep: 8, samplesPerEpoch: 2, checkpointEvery: 1 },
      })
      const songs = syntheticSongs(10, 40)
      const n0 = tf.memory().numTensors
      const run = async (epochs: number) => {
        const steps: number[] = []
        const t = new Trainer({
          config: { ...config, schedule: { ...config.schedule, epochs } },
          songs,
          runDir,
          runId: 'studio',
          backend: 'cpu',
          emit: (e) => e.type === 'progress' && steps.push(e.stepsPerEpoch),
        })
        await t.run()
        t.dispose()
        return steps
      }
      const steps = await run(1)
      // 'cover' windows: 9 training songs (1 of 10 held out) of 40 cells at length 8 give 5 windows each → 45
      // windows → 11 full batches of 4.
      expect(steps[0]).toBe(11)
      await run(2)
      expect(tf.memory().numTensors).toBe(n0)
      const loaded = await loadRunModel(runDir, 'latest')
      expect(loaded.epoch).toBe(2)
      expect(loaded.model.spec).toMatchObject({
        noiseDim: 5,
        output: 'reluDt',
        features: features === 'studio' ? 4 : 6,
      })
      loaded.model.dispose()
      const r = await sample({
        runDir,
        checkpoint: 'latest',
        seed: 3,
        count: 4,
        length: 16,
        dropout: false,
        outputs: ['song'],
      })
      for (const c of r.candidates) expect(c.song.tracks[0].notes).toHaveLength(16)
    },
  )
})
