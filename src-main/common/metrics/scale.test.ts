import { describe, expect, it } from 'vitest'
import { scaleConsistency, scaleConsistencyCodeExact } from './scale'

const G_MAJOR = [67, 69, 71, 72, 74, 76, 78]
const D_MAJOR = [62, 64, 66, 67, 69, 71, 73]

describe('scale consistency (spec §5.3)', () => {
  it('a G-major or D-major scale scores 0.857 in the code (no mod 12) and 1.0 corrected', () => {
    for (const [tones, name] of [
      [G_MAJOR, 'G major'],
      [D_MAJOR, 'D major'],
    ] as const) {
      expect(scaleConsistencyCodeExact(tones).score).toBeCloseTo(6 / 7, 10)
      expect(scaleConsistency(tones)).toEqual({ score: 1, scale: name })
    }
  })

  it('C-rooted scales score the same in both variants', () => {
    const cMajorTune = [60, 62, 64, 65, 67, 60, 72, 71, 69]
    expect(scaleConsistency(cMajorTune)).toEqual({ score: 1, scale: 'C major' })
    expect(scaleConsistencyCodeExact(cMajorTune)).toEqual({ score: 1, scale: 'C major' })
  })

  it('breaks ties toward the most-sounded tonic (A minor tune vs C major)', () => {
    expect(scaleConsistency([57, 60, 64, 57, 69, 71, 57]).scale).toBe('A natural minor')
    expect(scaleConsistency([57, 59, 60, 62, 64, 65, 68, 69]).scale).toBe('A harmonic minor')
  })

  it('counts partial membership and handles no tones', () => {
    expect(scaleConsistency([60, 61]).score).toBe(1) // C# major / C harmonic... any key holding both
    expect(scaleConsistency([60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71]).score).toBeCloseTo(7 / 12, 10)
    expect(scaleConsistency([])).toEqual({ score: 0, scale: '' })
  })
})
