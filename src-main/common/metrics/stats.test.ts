import { describe, expect, it } from 'vitest'
import { mean, percentiles, quantile } from './stats'

describe('quantile', () => {
  it('interpolates linearly between order statistics (numpy default)', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5)
    expect(quantile([0, 10], 0.1)).toBeCloseTo(1, 12)
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toEqual({ p10: 2, p50: 6, p90: 10 })
    expect(quantile([], 0.5)).toBeNaN()
    expect(mean([])).toBeNaN()
    expect(mean([1, 2])).toBe(1.5)
  })
})
