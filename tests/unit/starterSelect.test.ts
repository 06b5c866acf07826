// `train:starter --select` picks checkpoints by the protocol's summary score: on a tiny run trained here, every
// adversarial checkpoint is scored (pretraining ones skipped), best first, deterministically.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { candidateDirs, rankCheckpoints } from '../../scripts/starter/select'
import { makeConfig } from '../../src-main/ml/config/presets'
import { syntheticSongs } from '../../src-main/ml/training/testData'
import { Trainer } from '../../src-main/ml/training/trainer'

const songs = syntheticSongs(12, 40)
let runDir = ''

beforeAll(async () => {
  await tf.setBackend('cpu')
  runDir = mkdtempSync(join(tmpdir(), 'crnngan-select-'))
  const config = makeConfig('tiny', {
    model: { hidden: 8 },
    schedule: { epochs: 3, pretrainEpochs: 1, checkpointEvery: 1, keepLast: 5, samplesPerEpoch: 2 },
  })
  const t = new Trainer({ config, songs, runDir, runId: 'r', backend: 'cpu', emit: () => {} })
  await t.run()
  t.dispose()
}, 120_000)
afterAll(() => rmSync(runDir, { recursive: true, force: true }))

describe('rankCheckpoints', () => {
  it('scores every adversarial checkpoint by the summary, best first, and logs each score', async () => {
    const candidates = await candidateDirs(runDir)
    expect([...candidates.keys()]).toEqual(['e0000-s00000', 'e0001-s00000', 'e0002-s00000', 'e0003-s00000'])
    const lines: string[] = []
    const before = tf.memory().numTensors
    const ranked = await rankCheckpoints({
      candidates,
      train: songs,
      samples: 6,
      seed: 4321,
      log: (l) => lines.push(l),
    })
    expect(tf.memory().numTensors).toBe(before)
    // Epochs 0 and 1 are before and at the end of pretraining: skipped.
    expect(ranked.map((r) => r.epoch).sort()).toEqual([2, 3])
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^e0002-s00000: summary \d\.\d{3} \(pitchClasses [\d.]+, .*diversity [\d.]+\)$/)
    expect(ranked[0].score).toBeGreaterThanOrEqual(ranked[1].score)
    for (const r of ranked) {
      expect(r.score).toBeGreaterThanOrEqual(0)
      expect(r.score).toBeLessThanOrEqual(1)
      expect(Object.keys(r.components)).toHaveLength(9)
    }
    const again = await rankCheckpoints({ candidates, train: songs, samples: 6, seed: 4321, log: () => {} })
    expect(again).toEqual(ranked)
  }, 120_000)
})
