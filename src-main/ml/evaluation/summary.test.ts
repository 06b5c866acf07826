// The summary score's formula on hand-computed inputs.
import { describe, expect, it } from 'vitest'
import { bandScore, COMPONENT_KEYS, overlapRatio, summaryScore, type SummaryInputs } from './summary'

const perfect: SummaryInputs = {
  overlaps: {
    pitchClasses: { value: 0.9, ceiling: 0.9 },
    intervals: { value: 0.8, ceiling: 0.8 },
    interOnset: { value: 0.7, ceiling: 0.7 },
    lengths: { value: 0.6, ceiling: 0.6 },
    velocities: { value: 1, ceiling: 1 },
  },
  bandScores: [1, 1, 1, 1, 1, 1],
  keptNotesPerEvent: 1,
  realNotesPerEvent: 1,
  discriminative: 0,
  distinctFraction: 1,
}

describe('bandScore', () => {
  it('is 1 inside [p10, p90] (edges included) and decays as exp(−distance / band width) outside', () => {
    expect(bandScore(5, 4, 6, 1)).toBe(1)
    expect(bandScore(4, 4, 6, 1)).toBe(1)
    expect(bandScore(6, 4, 6, 1)).toBe(1)
    expect(bandScore(8, 4, 6, 1)).toBeCloseTo(Math.exp(-1), 12) // 2 above, width 2
    expect(bandScore(1, 4, 6, 1)).toBeCloseTo(Math.exp(-1.5), 12) // 3 below
  })
  it('uses ε for a zero-width band and scores NaN (no notes) 0', () => {
    expect(bandScore(3, 0, 0, 1)).toBeCloseTo(Math.exp(-3), 12)
    expect(bandScore(0.02, 0, 0, 0.01)).toBeCloseTo(Math.exp(-2), 12)
    expect(bandScore(NaN, 0, 1, 1)).toBe(0)
  })
})

describe('overlapRatio', () => {
  it('is min(1, value / ceiling); an unknown or zero ceiling counts as 1', () => {
    expect(overlapRatio(0.45, 0.9)).toBeCloseTo(0.5, 12)
    expect(overlapRatio(0.95, 0.9)).toBe(1)
    expect(overlapRatio(0.4, NaN)).toBe(0.4)
    expect(overlapRatio(0.4, 0)).toBe(0.4)
    expect(overlapRatio(NaN, 0.9)).toBeNaN()
  })
})

describe('summaryScore', () => {
  it('is 1 when every component is perfect, and lists the nine components in order', () => {
    const s = summaryScore(perfect)
    expect(s.score).toBe(1)
    expect(s.components.map((c) => c.key)).toEqual([...COMPONENT_KEYS])
    expect(s.components).toHaveLength(9)
  })
  it('is the plain mean of the nine components (hand-computed)', () => {
    const s = summaryScore({
      ...perfect,
      overlaps: { ...perfect.overlaps, intervals: { value: 0.4, ceiling: 0.8 } }, // 0.5
      bandScores: [1, 1, 1, 0, 0, 1], // 4/6
      keptNotesPerEvent: 0.45, // 0.45 / 0.9 = 0.5
      realNotesPerEvent: 0.9,
      discriminative: 0.4, // 1 − 0.8 = 0.2
      distinctFraction: 0.9,
    })
    const expected = (1 + 0.5 + 1 + 1 + 1 + 4 / 6 + 0.5 + 0.2 + 0.9) / 9
    expect(s.score).toBeCloseTo(expected, 12)
    expect(s.components.find((c) => c.key === 'discriminative')?.value).toBeCloseTo(0.2, 12)
  })
  it('caps kept notes at 1 (K = 3 writes more notes than events) and leaves NaN components out of the mean', () => {
    const s = summaryScore({
      ...perfect,
      keptNotesPerEvent: 2.4,
      realNotesPerEvent: 1.6,
      discriminative: NaN,
    })
    expect(s.components.find((c) => c.key === 'keptNotes')?.value).toBe(1)
    expect(s.components.find((c) => c.key === 'discriminative')?.value).toBeNaN()
    expect(s.score).toBe(1)
    const silent = summaryScore({ ...perfect, keptNotesPerEvent: 0 })
    expect(silent.score).toBeCloseTo(8 / 9, 12)
  })
})
