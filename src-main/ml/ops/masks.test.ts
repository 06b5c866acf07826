// Seeded dropout masks: reproducible, independent streams, right keep rate and scale.
import { describe, expect, it } from 'vitest'
import { deriveSeed, dropoutMask } from './masks'

describe('dropoutMask', () => {
  it('is reproducible per seed and differs across seeds and streams', () => {
    expect(dropoutMask(1000, 0.5, 7)).toEqual(dropoutMask(1000, 0.5, 7))
    expect(dropoutMask(1000, 0.5, 7)).not.toEqual(dropoutMask(1000, 0.5, 8))
    expect(deriveSeed(1, 100)).not.toBe(deriveSeed(1, 101))
    expect(deriveSeed(1, 100)).not.toBe(deriveSeed(2, 100))
  })

  it.each([0.5, 0.8, 0.3])('keeps about a fraction %f, scaled by 1/keep, odd sizes included', (keep) => {
    const m = dropoutMask(200_001, keep, 3)
    const kept = m.filter((v) => v !== 0)
    expect(kept.every((v) => Math.abs(v - 1 / keep) < 1e-6)).toBe(true)
    expect(Math.abs(kept.length / m.length - keep)).toBeLessThan(0.005)
  })

  it('is all ones at keep 1 and rejects keep outside (0, 1]', () => {
    expect(dropoutMask(5, 1, 1).every((v) => v === 1)).toBe(true)
    expect(() => dropoutMask(5, 0, 1)).toThrow(/keep probability must be in \(0, 1\], got 0/)
  })
})
