import { describe, expect, it } from 'vitest'
import { stepsPerEpoch, validationCount } from './steps'

describe('stepsPerEpoch', () => {
  it('holds out round(fraction·n) songs (≥ 1 when fraction > 0) and counts full batches of the rest', () => {
    expect(validationCount(42, 0.1)).toBe(4)
    expect(stepsPerEpoch(42, 0.1, 20)).toBe(1) // 38 training songs → 1 batch of 20
    expect(stepsPerEpoch(229, 0.1, 20)).toBe(10) // JSB train: 206 songs
    expect(validationCount(3, 0.1)).toBe(1)
    expect(stepsPerEpoch(12, 0.2, 4)).toBe(2) // tiny on 12 chorales: 10 songs
    expect(stepsPerEpoch(19, 0, 20)).toBe(0)
    expect(stepsPerEpoch(0, 0.1, 20)).toBe(0)
    expect(validationCount(1, 0.5)).toBe(1)
  })
})
