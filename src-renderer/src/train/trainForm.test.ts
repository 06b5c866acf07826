// The start form: preset defaults, validation messages naming the field, and the request's dotted overrides.
import { describe, expect, it } from 'vitest'
import { trainStartSchema, type PresetInfo } from '@common/ipc/training'
import { buildStartRequest, formFromPreset, formProblem } from './trainForm'

const paper: PresetInfo = {
  name: 'paper',
  label: 'Paper',
  description: 'as published',
  validationFraction: 0.1,
  epochs: 120,
  pretrainEpochs: 6,
  hidden: 350,
  tonesPerCell: 1,
  batchSize: 20,
  maxLength: 100,
  windows: 'perSong',
  shortSongs: 'pad',
  optimizer: 'sgd',
  lrG: 0.1,
  lrD: 0.05,
  freezing: 'paper',
  seed: 1234,
}

describe('train form', () => {
  it('takes the preset defaults', () => {
    const f = formFromPreset(paper, 'ds1')
    expect(f).toMatchObject({ datasetId: 'ds1', preset: 'paper', epochs: 120, hidden: 350, batchSize: 20 })
  })

  it('names the offending field and value', () => {
    const f = formFromPreset(paper, 'ds1')
    expect(formProblem(f)).toBeNull()
    expect(formProblem({ ...f, datasetId: '' })).toMatch(/dataset/i)
    expect(formProblem({ ...f, epochs: 0 })).toMatch(/Epochs.*got 0/)
    expect(formProblem({ ...f, hidden: 1.5 })).toMatch(/Hidden.*1\.5/)
    expect(formProblem({ ...f, lrD: -1 })).toMatch(/D -1/)
    expect(formProblem({ ...f, freezing: 'sometimes' })).toMatch(/sometimes/)
  })

  it('builds train:start with dotted overrides', () => {
    const r = buildStartRequest({ ...formFromPreset(paper, 'ds1'), epochs: 2, hidden: 8, seed: 7 })
    expect(r).toEqual({
      datasetId: 'ds1',
      preset: 'paper',
      epochs: 2,
      seed: 7,
      options: {
        'model.hidden': 8,
        'data.batchSize': 20,
        'data.maxLength': 100,
        'optim.lrG': 0.1,
        'optim.lrD': 0.05,
        'adversarial.freezing': 'paper',
      },
    })
    expect(() => buildStartRequest({ ...formFromPreset(paper, ''), epochs: 2 })).toThrow(/dataset/i)
  })

  it("fine-tuning sends startFrom, no preset and no model-shape field, and passes main's schema", () => {
    const tuned: PresetInfo = { ...paper, name: 'paper+finetune', epochs: 20, windows: 'cover', lrG: 0.05 }
    const f = formFromPreset(tuned, 'ds1', 'starter-paper')
    expect(f).toMatchObject({ startFrom: 'starter-paper', preset: 'paper+finetune', epochs: 20, hidden: 350 })
    const r = buildStartRequest({ ...f, hidden: 12 })
    expect(r).toEqual({
      datasetId: 'ds1',
      startFrom: { run: 'starter-paper' },
      epochs: 20,
      seed: 1234,
      options: {
        'data.batchSize': 20,
        'data.maxLength': 100,
        'optim.lrG': 0.05,
        'optim.lrD': 0.05,
        'adversarial.freezing': 'paper',
      },
    })
    expect(trainStartSchema.safeParse(r).success).toBe(true)
    expect(trainStartSchema.safeParse(buildStartRequest(formFromPreset(paper, 'ds1'))).success).toBe(true)
  })
})
