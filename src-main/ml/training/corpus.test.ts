// Real-corpus check (skipped without ../shared/data): teacher-forced pretraining lowers the loss on real music.
import { readFileSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { corpusFiles, hasCorpus } from '../../../tests/support/corpus'
import { encodeCells } from '../../common/crnngan/cells'
import { readTones } from '../../common/crnngan/tones'
import { makeConfig } from '../config/presets'
import type { TrainerEvent } from './events'
import { Trainer } from './trainer'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

describe.skipIf(!hasCorpus)('training on the real corpus', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('pretraining MSE falls over 4 epochs on 24 Bach chorales', async () => {
    const files = corpusFiles('jsb-chorales').slice(0, 24)
    const songs = files.map((f) => ({
      name: f,
      cells: encodeCells(readTones(readFileSync(f), f), { tonesPerCell: 1 }).data,
    }))
    const config = makeConfig('tiny', {
      data: { batchSize: 4, maxLength: 16, validationFraction: 0.2 },
      schedule: { epochs: 4, pretrainEpochs: 4, curriculum: 'none', samplesPerEpoch: 4 },
    })
    const runDir = mkdtempSync(join(tmpdir(), 'crnngan-corpus-'))
    const events: TrainerEvent[] = []
    const t = new Trainer({ config, songs, runDir, runId: 'r', backend: 'cpu', emit: (e) => events.push(e) })
    await t.run()
    t.dispose()
    rmSync(runDir, { recursive: true, force: true })
    const ends = events.filter((e) => e.type === 'epochEnd')
    const val = ends.map((e) => e.validationLoss)
    expect(val[3]).toBeLessThan(val[0])
    // Real 16-cell chorale windows: several distinct tones and a positive tone span.
    expect(ends[0].reference.uniqueTones).toBeGreaterThan(3)
  })
})
