import { describe, expect, it } from 'vitest'
import type { EpochEvaluationDto, PresetInfo, TrainEpoch } from '@common/ipc/training'
import { lastEvaluation, outputProblem, sizeCheck } from './runHealth'

const paper = { name: 'paper', validationFraction: 0.1, batchSize: 20 } as PresetInfo
const tiny = { name: 'tiny', validationFraction: 0.2, batchSize: 4 } as PresetInfo
const evaluation = (keptNotesPerEvent: number, p50: number): EpochEvaluationDto => ({
  version: 1,
  score: 0.5,
  components: [],
  keptNotesPerEvent,
  realNotesPerEvent: 1,
  velocity: { p10: p50 - 5, p50, p90: p50 + 5 },
  realVelocity: { p10: 80, p50: 80, p90: 80 },
  discriminative: 0.4,
  samples: 4,
  realWindows: 8,
})

describe('sizeCheck', () => {
  it('warns with the trainer’s own step count (42 files, 10 % validation, batch 20 → 1 step)', () => {
    expect(sizeCheck(42, paper, 20, ['paper', 'quick'])).toEqual({
      level: 'warn',
      text: '42 files → 1 training step per epoch with batch 20: training will learn little; add files or use the quick preset.',
    })
    expect(sizeCheck(12, tiny, 4, ['tiny', 'paper'])?.text).toBe(
      '12 files → 2 training steps per epoch with batch 4: training will learn little; add files or lower the batch size (Advanced).',
    )
  })
  it('blocks at 0 steps and is quiet from 5 steps on', () => {
    expect(sizeCheck(19, paper, 20, [])?.level).toBe('block')
    expect(sizeCheck(19, paper, 20, [])?.text).toMatch(/^19 files → 0 training steps .*nothing to train on/)
    expect(sizeCheck(111, paper, 20, [])).toBeNull() // 100 training songs → 5 steps
    expect(sizeCheck(110, paper, 20, [])?.text).toMatch(/^110 files → 4 training steps/) // 99 songs
    expect(sizeCheck(0, paper, 20, [])).toBeNull()
  })
})

describe('sizeCheck with cover windows', () => {
  const studio = {
    name: 'studio',
    validationFraction: 0.1,
    batchSize: 32,
    maxLength: 100,
    seed: 1234,
    windows: 'cover',
    shortSongs: 'skip',
  } as PresetInfo
  it('counts several windows per long piece and none for a piece shorter than a window', () => {
    // 42 pieces of 1000 tones: 4 held out, 38 × 10 windows = 380 → 11 batches of 32: no warning.
    expect(sizeCheck(42, studio, 32, ['studio', 'quick'], new Array(42).fill(1000))).toBeNull()
    // 42 pieces of 150 tones: 38 × 1 window → 1 step.
    expect(sizeCheck(42, studio, 32, ['studio'], new Array(42).fill(150))?.text).toMatch(
      /^42 files → 1 training step/,
    )
    // Pieces shorter than a window are skipped: nothing to train on.
    expect(sizeCheck(42, studio, 32, ['studio'], new Array(42).fill(80))?.level).toBe('block')
    // A shorter maximum length cuts more windows.
    expect(sizeCheck(42, studio, 32, ['studio'], new Array(42).fill(150), 50)?.text).toMatch(
      /3 training steps/,
    )
  })
})

describe('outputProblem', () => {
  it('says what is wrong and what to try for quiet or nearly empty samples', () => {
    expect(outputProblem(evaluation(0.9, 80), ['studio'])).toBeNull()
    expect(outputProblem(evaluation(0.9, 13), [])).toBe(
      'Finished, but the notes are nearly silent (median velocity 13 of 127). Train more epochs, add files.',
    )
    expect(outputProblem(evaluation(0.45, 50), ['studio'])).toBe(
      'Finished, but only 45 % of the generated events became notes. Train more epochs, add files, or start again with the studio preset.',
    )
    expect(outputProblem(evaluation(0, NaN), [])).toMatch(/^Finished, but only 0 % of the generated events/)
    expect(outputProblem(evaluation(0.2, 10), [])).toMatch(/became notes and the notes are nearly silent/)
    expect(outputProblem(null, [])).toBeNull()
  })
  it('reads the last measured epoch', () => {
    const ep = (epoch: number, e: EpochEvaluationDto | null) => ({ epoch, evaluation: e }) as TrainEpoch
    const a = evaluation(1, 80)
    const b = evaluation(0.1, 80)
    expect(lastEvaluation([ep(1, b), ep(0, a)])).toBe(b)
    expect(lastEvaluation([ep(0, a), ep(1, null)])).toBe(a)
    expect(lastEvaluation([])).toBeNull()
  })
})
