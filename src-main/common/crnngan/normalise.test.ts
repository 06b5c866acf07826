import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { denormaliseCells, fitZScore, normaliseCells, NO_NORMALISATION } from './normalise'
import { midiToHz } from '../music/pitch'

function randomCells(rng: Rng, cells: number, k: 1 | 3): Float32Array {
  const f = 3 * k + 1
  const out = new Float32Array(cells * f)
  for (let c = 0; c < cells; c++) {
    out[c * f] = rng.int(400)
    for (let j = 0; j < k; j++) {
      out[c * f + 1 + 3 * j] = 1 + rng.int(800)
      out[c * f + 2 + 3 * j] = midiToHz(20 + rng.int(90))
      out[c * f + 3 + 3 * j] = 1 + rng.int(127)
    }
  }
  return out
}

describe('normalise (optional, flagged deviation)', () => {
  it("'none' is the identity (a copy)", () => {
    const d = randomCells(new Rng(1), 5, 1)
    const n = normaliseCells(d, 1, NO_NORMALISATION)
    expect(n).toEqual(d)
    expect(n).not.toBe(d)
  })

  it('cjbayron maps to roughly unit range and inverts exactly up to float32 rounding', () => {
    const d = randomCells(new Rng(2), 50, 3)
    const n = normaliseCells(d, 3, { scheme: 'cjbayron' })
    expect(n[2]).toBeGreaterThanOrEqual(-1)
    expect(n[2]).toBeLessThanOrEqual(1)
    const back = denormaliseCells(n, 3, { scheme: 'cjbayron' })
    d.forEach((x, i) => expect(back[i]).toBeCloseTo(x, Math.abs(x) > 1000 ? 1 : 3))
    expect(normaliseCells(Float32Array.from([60, 64, 0, 64]), 1, { scheme: 'cjbayron' })).toEqual(
      Float32Array.from([0, 0, -1, 0]),
    )
  })

  it('z-score fitted on data gives mean 0 / std 1 per feature and inverts', () => {
    const d = randomCells(new Rng(3), 200, 1)
    const norm = { scheme: 'zscore', stats: fitZScore(d, 1) } as const
    const n = normaliseCells(d, 1, norm)
    const again = fitZScore(n, 1)
    again.mean.forEach((m) => expect(m).toBeCloseTo(0, 4))
    again.std.forEach((s) => expect(s).toBeCloseTo(1, 4))
    const back = denormaliseCells(n, 1, norm)
    d.forEach((x, i) => expect(back[i] / x).toBeCloseTo(1, 4))
  })

  it('rejects mismatched shapes', () => {
    expect(() => normaliseCells(new Float32Array(5), 1, { scheme: 'cjbayron' })).toThrow(
      /not a multiple of F = 4/,
    )
  })
})
