import { describe, expect, it } from 'vitest'
import { polyphony, polyphonyCodeExact, polyphonyE75541 } from './polyphony'

describe('polyphony (spec §5.2 test vectors)', () => {
  const vectors: [number[], number, number, number][] = [
    [[0, 0, 10, 20, 20, 20], 0.5, 0.5, 2 / 3],
    [[0, 0, 0, 96, 96, 96], 5 / 7, 1.0, 1.0],
    [[0, 10, 20, 30], 0, 0, 0],
  ]
  it.each(vectors)('%j → HEAD %d, e75e541 %d, intended %d', (ticks, head, e75, intended) => {
    expect(polyphonyCodeExact(ticks)).toBeCloseTo(head, 10)
    expect(polyphonyE75541(ticks)).toBeCloseTo(e75, 10)
    expect(polyphony(ticks)).toBeCloseTo(intended, 10)
  })

  it('sorts onsets first (track order input) and matches the closed form [(N − m) + P′]/(N + m − 1)', () => {
    const ticks = [30, 0, 10, 0, 30, 30, 50, 10, 70]
    // N = 9 onsets, m = 5 groups (0×2, 10×2, 30×3, 50, 70); P′ = chords among the first 4 groups = 3.
    expect(polyphonyCodeExact(ticks)).toBeCloseTo((9 - 5 + 3) / (9 + 5 - 1), 10)
    expect(polyphony(ticks)).toBeCloseTo(3 / 5, 10)
  })

  it('empty input scores 0', () => {
    expect([polyphony([]), polyphonyCodeExact([]), polyphonyE75541([])]).toEqual([0, 0, 0])
  })
})
