// Key finding by Krumhansl–Kessler correlation, checked against hand-computed vectors (numpy.corrcoef values).
import { describe, expect, it } from 'vitest'
import { bestKey, keyNormalisedPitchClasses, pearson, pitchClassCounts } from './keyFinding'

const C_MAJOR_SCALE = [60, 62, 64, 65, 67, 69, 71]

describe('pearson', () => {
  it('is 1 for proportional vectors, −1 for reversed ones, NaN for a constant one', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12)
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12)
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN()
  })
})

describe('bestKey', () => {
  it('finds C major for a C-major scale, with the correlation numpy gives (0.7564 vs 0.7121 for A minor)', () => {
    const k = bestKey(pitchClassCounts(C_MAJOR_SCALE))
    expect(k).toMatchObject({ tonic: 0, mode: 'major' })
    expect(k.correlation).toBeCloseTo(0.7564070930899863, 12)
  })
  it('finds D major for the scale moved up a tone, and A minor for a piece weighted on A and E', () => {
    expect(bestKey(pitchClassCounts(C_MAJOR_SCALE.map((p) => p + 2)))).toMatchObject({
      tonic: 2,
      mode: 'major',
    })
    expect(bestKey(pitchClassCounts([57, 59, 60, 62, 64, 65, 67, 69, 57, 64, 57]))).toMatchObject({
      tonic: 9,
      mode: 'minor',
    })
  })
  it('gives C major (the first key) with NaN correlation for no notes, and rejects a wrong length', () => {
    expect(bestKey(new Array(12).fill(0))).toMatchObject({ tonic: 0, mode: 'major' })
    expect(bestKey(new Array(12).fill(0)).correlation).toBeNaN()
    expect(() => bestKey([1, 2])).toThrow(/12 pitch-class counts, got 2/)
  })
})

describe('keyNormalisedPitchClasses', () => {
  it('rotates a C-major scale piece to bins {0,2,4,5,7,9,11}, whatever its tonic', () => {
    const bins = (h: number[]) => h.flatMap((c, i) => (c > 0 ? [i] : []))
    for (const shift of [0, 2, 5, 7, 11]) {
      const h = keyNormalisedPitchClasses(C_MAJOR_SCALE.map((p) => p + shift))
      expect(bins(h)).toEqual([0, 2, 4, 5, 7, 9, 11])
      expect(h.reduce((a, b) => a + b, 0)).toBe(7)
    }
  })
  it("puts a minor piece's tonic in bin 0 (A minor: A→0, C→3, E→7)", () => {
    const h = keyNormalisedPitchClasses([57, 59, 60, 62, 64, 65, 67, 69, 57, 64, 57])
    expect(h).toEqual([4, 0, 1, 1, 0, 1, 0, 2, 1, 0, 1, 0])
  })
})
