import { describe, expect, it } from 'vitest'
import { makeConfig, PRESET_NAMES } from './presets'
import { parseTrainConfig, TRAIN_CONFIG_VERSION } from './trainConfig'

describe('training config', () => {
  it('every preset validates and round-trips through JSON', () => {
    for (const p of PRESET_NAMES) {
      const c = makeConfig(p)
      expect(c.preset).toBe(p)
      expect(parseTrainConfig(JSON.parse(JSON.stringify(c)))).toEqual(c)
    }
  })

  it('paper preset carries the spec §4 hyperparameters', () => {
    const c = makeConfig('paper')
    expect(c.model).toMatchObject({ hidden: 350, tonesPerCell: 1, layersG: 2, layersD: 2, keepProb: 0.5 })
    expect(c.data).toMatchObject({ batchSize: 20, maxLength: 100 })
    expect(c.schedule).toMatchObject({ pretrainEpochs: 6, curriculum: 'paper', curriculumStep: 4 })
    expect(c.optim).toMatchObject({ kind: 'sgd', lrG: 0.1, lrD: 0.05, clipNorm: 5, l2: true })
    expect(c.adversarial).toMatchObject({
      mode: 'gan',
      featureMatching: true,
      freezing: 'paper',
      freezeRatio: 0.7,
    })
    expect(makeConfig('paper3').model.tonesPerCell).toBe(3)
    expect(makeConfig('baseline').adversarial.mode).toBe('mleOnly')
    expect(makeConfig('modern').optim.kind).toBe('adam')
  })

  it('applies deep overrides and rejects bad values naming the field', () => {
    expect(makeConfig('tiny', { schedule: { epochs: 7 } }).schedule).toMatchObject({
      epochs: 7,
      pretrainEpochs: 1,
    })
    expect(() => makeConfig('tiny', { optim: { lrG: -1 } })).toThrow(/optim\.lrG/)
    expect(() => makeConfig('nope')).toThrow(/unknown preset 'nope'/)
  })

  it('refuses a newer config version and a foreign type clearly', () => {
    const c = { ...makeConfig('tiny'), version: TRAIN_CONFIG_VERSION + 1 }
    expect(() => parseTrainConfig(c, 'run/config.json')).toThrow(
      /run\/config\.json: config version 2 is newer/,
    )
    expect(() => parseTrainConfig({ type: 'other' })).toThrow(/not a training config/)
  })

  it('paper preset: every spec §4 constant the audit checks (README "Faithfulness to the paper")', () => {
    const c = makeConfig('paper')
    expect(c.model).toMatchObject({ randomInputScale: 1, features: 'raw' })
    expect(c.schedule).toMatchObject({ epochs: 120, checkpointEvery: 2, samplesPerEpoch: 20 })
    expect(c.schedule.pretrainCarryState).toBe(false) // flagged fix of the state-carry bug (spec §11.7)
    expect(c.optim.l2Scale).toBe(0.1) // 0.5 · 0.1 · Σw² = 0.05 · Σw² (spec §3.3)
    expect(c.adversarial).toMatchObject({ realLabel: 1, logEpsilon: 1e-7 })
    expect(c.pitchMode).toBe('faithful')
    expect(c.metricsVariant).toBe('corrected')
    const b = makeConfig('baseline') // Figure 3b: MLE only, same curriculum, epochs 0–16, no L2 (spec §4.7)
    expect(b.schedule).toMatchObject({ epochs: 16, curriculum: 'paper', curriculumStep: 4 })
    expect(b.optim.l2).toBe(false)
    expect(makeConfig('paper3').model.randomInputScale).toBe(1)
  })

  it('configs saved before the audit switches existed still load, with the defaults', () => {
    const c = JSON.parse(JSON.stringify(makeConfig('paper'))) as Record<string, Record<string, unknown>>
    delete c.schedule.pretrainCarryState
    delete (c as Record<string, unknown>).metricsVariant
    const back = parseTrainConfig(c)
    expect(back.schedule.pretrainCarryState).toBe(false)
    expect(back.metricsVariant).toBe('corrected')
  })
})
