// Reference metrics of real windows must read real pitches back exactly, even in the faithful (int()) pitch mode.
import { describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import { ReferenceMetrics } from './evaluation'
import { syntheticSongs } from './testData'

describe('ReferenceMetrics', () => {
  it('real C-major windows score scale consistency 1 under pitchMode faithful (no float32 int() shift)', () => {
    const config = makeConfig('tiny', { pitchMode: 'faithful' })
    expect(config.pitchMode).toBe('faithful')
    // syntheticSongs draws every pitch from C major: any semitone shift would show as scale consistency < 1.
    const ref = new ReferenceMetrics(config, syntheticSongs(6, 30))
    const m = ref.at(16)
    expect(m.scaleConsistency).toBe(1)
    expect(m.uniqueTones).toBeGreaterThan(2)
    expect(ref.at(16)).toBe(m) // cached per length
  })
})
