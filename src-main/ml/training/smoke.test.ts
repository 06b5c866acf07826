import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { it, expect } from 'vitest'
import { makeConfig } from '../config/presets'
import { Trainer } from './trainer'
import { syntheticSongs } from './testData'
it('smoke', async () => {
  await tf.setBackend('cpu')
  const config = makeConfig('tiny', { schedule: { epochs: 3, pretrainEpochs: 1, samplesPerEpoch: 0 } })
  const events: unknown[] = []
  const t0 = performance.now()
  const tr = new Trainer({ config, songs: syntheticSongs(12, 40), runDir: mkdtempSync(join(tmpdir(), 'run-')), runId: 'r', backend: 'cpu', emit: (e) => { events.push(e); if (e.type !== 'progress') console.log(JSON.stringify(e).slice(0, 300)) } })
  const n0 = tf.memory().numTensors
  console.log(await tr.run(), performance.now() - t0)
  expect(tf.memory().numTensors).toBe(n0)
  tr.dispose()
})
