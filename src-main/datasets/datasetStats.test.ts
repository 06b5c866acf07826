// quantile/aggregate against hand-computed values (numpy's linear interpolation).
import { describe, expect, it } from 'vitest'
import { aggregate, quantile } from './datasetStats'

describe('dataset statistics helpers', () => {
  it('quantile interpolates linearly like numpy', () => {
    const v = [1, 2, 3, 4, 10]
    expect(quantile(v, 0)).toBe(1)
    expect(quantile(v, 0.5)).toBe(3)
    expect(quantile(v, 0.9)).toBeCloseTo(7.6, 10) // pos 3.6 → 4 + 0.6·6
    expect(quantile(v, 0.1)).toBeCloseTo(1.4, 10)
    expect(quantile([], 0.5)).toBeNaN()
  })

  it('aggregate ignores non-finite values and sorts', () => {
    const a = aggregate([10, NaN, 1, 4, 3, 2, Infinity])
    expect(a).toEqual({
      n: 5,
      mean: 4,
      p10: quantile([1, 2, 3, 4, 10], 0.1),
      p50: 3,
      p90: quantile([1, 2, 3, 4, 10], 0.9),
    })
  })
})
