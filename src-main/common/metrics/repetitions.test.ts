import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { REPETITION_LENGTHS, repetitions, repetitionsCodeExact } from './repetitions'

/** midi_statistics.repetitions transcribed literally (O(n²·ℓ)), as an oracle for the grouped implementation. */
function naiveCode(tones: number[]): Map<number, number> {
  const rs = new Map<number, number>()
  for (let l = 2; l < Math.min(Math.floor(tones.length / 2), 10); l++) {
    let c = 0
    for (let i = 0; i < tones.length - l * 2; i++)
      for (let j = i + l; j < tones.length - l; j++)
        if (tones.slice(i, i + l).join() === tones.slice(j, j + l).join()) c++
    rs.set(l, c)
  }
  return rs
}

describe('repetitions (spec §5.4)', () => {
  it.each([
    [[60, 62, 64, 60, 62, 64, 60, 62, 64], 5, 3],
    [[60, 62, 64, 60, 62, 64, 60, 62, 64, 60], 7, 5],
  ])('code-exact test vector %j → count(2) = %d, count(3) = %d', (tones, c2, c3) => {
    expect(repetitionsCodeExact(tones, 2)).toBe(c2)
    expect(repetitionsCodeExact(tones, 3)).toBe(c3)
  })

  it('corrected count includes the last window: 5 non-overlapping equal triples in the first vector', () => {
    expect(repetitions([60, 62, 64, 60, 62, 64, 60, 62, 64], 3)).toBe(5)
  })

  it('code-exact is 0 for n < 8 at ℓ = 3 and outside 2 … min(⌊n/2⌋, 10) − 1', () => {
    expect(repetitionsCodeExact([1, 2, 3, 1, 2, 3, 1], 3)).toBe(0)
    expect(repetitions([1, 2, 3, 1, 2, 3, 1], 3)).toBe(2) // [1,2,3]@0,3 and [2,3,1]@1,4
    expect(repetitionsCodeExact(new Array(40).fill(1), 10)).toBe(0)
  })

  it('matches a literal transcription of the original on random pitch strings', () => {
    const rng = new Rng(77)
    for (let trial = 0; trial < 40; trial++) {
      const tones = Array.from({ length: 8 + rng.int(60) }, () => 60 + rng.int(1 + (trial % 4)))
      const oracle = naiveCode(tones)
      for (const l of REPETITION_LENGTHS) expect(repetitionsCodeExact(tones, l)).toBe(oracle.get(l) ?? 0)
    }
  })

  it('corrected count matches a brute-force count, for MIDI pitches and for arbitrary values', () => {
    const brute = (tones: number[], l: number): number => {
      let c = 0
      for (let i = 0; i + 2 * l <= tones.length; i++)
        for (let j = i + l; j + l <= tones.length; j++)
          if (tones.slice(i, i + l).join() === tones.slice(j, j + l).join()) c++
      return c
    }
    const rng = new Rng(5)
    for (let trial = 0; trial < 60; trial++) {
      const alphabet = 1 + (trial % 5)
      const tones = Array.from({ length: rng.int(50) }, () =>
        trial % 3 === 0 ? rng.int(alphabet) + 0.5 : [0, 127, 60, 61, 64][rng.int(alphabet)],
      )
      for (const l of [1, ...REPETITION_LENGTHS]) expect(repetitions(tones, l)).toBe(brute(tones, l))
    }
  })

  it('handles whole files quickly (10 000 tones)', () => {
    const rng = new Rng(1)
    const tones = Array.from({ length: 10_000 }, () => 60 + rng.int(12))
    // Timing is printed, not asserted (tests never fail on time); a quadratic blow-up would hit the test timeout.
    const t0 = performance.now()
    expect(repetitions(tones, 3)).toBeGreaterThan(0)
    expect(repetitionsCodeExact(tones, 3)).toBeGreaterThan(0)
    console.info(`repetitions on 10,000 tones: ${(performance.now() - t0).toFixed(0)} ms`)
  })
})
