// Trainer option `validationSongs` (added for the starter recipe's piece-wise held-out split): every given song
// trains, the fixed set is what the validation loss is computed on.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import type { TrainerEvent } from './events'
import { syntheticSongs } from './testData'
import { Trainer } from './trainer'

let root = ''
beforeAll(async () => {
  await tf.setBackend('cpu')
  root = mkdtempSync(join(tmpdir(), 'crnngan-fixedval-'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const config = makeConfig('tiny', {
  model: { hidden: 8 },
  data: { batchSize: 4, maxLength: 8, validationFraction: 0.5 },
  schedule: { epochs: 1, pretrainEpochs: 1, samplesPerEpoch: 0 },
})

async function run(name: string, validationSongs?: ReturnType<typeof syntheticSongs>) {
  const events: TrainerEvent[] = []
  const t = new Trainer({
    config,
    songs: syntheticSongs(8, 20),
    validationSongs,
    runDir: join(root, name),
    runId: name,
    backend: 'cpu',
    emit: (e) => events.push(e),
  })
  await t.run()
  t.dispose()
  const end = events.find((e) => e.type === 'epochEnd')
  const steps = events.find((e) => e.type === 'progress')
  return {
    val: end?.type === 'epochEnd' ? end.validationLoss : NaN,
    stepsPerEpoch: steps?.type === 'progress' ? steps.stepsPerEpoch : 0,
  }
}

describe('Trainer validationSongs', () => {
  it('trains on all songs and validates on the fixed set only', async () => {
    const split = await run('split')
    expect(split.stepsPerEpoch).toBe(1) // 4 of 8 songs held out by validationFraction 0.5
    const a = await run('fixedA', syntheticSongs(4, 30))
    expect(a.stepsPerEpoch).toBe(2) // all 8 songs train
    expect(Number.isFinite(a.val)).toBe(true)
    const b = await run('fixedB', syntheticSongs(4, 60))
    expect(b.val).not.toBe(a.val) // same training, different validation set → the loss is over the given set
  })
})
