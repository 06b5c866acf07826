// Per-epoch metric counters: the corrected (paper) and code-exact (Figure 3) variants against spec §5 vectors.
import { describe, expect, it } from 'vitest'
import { midiToHz } from '../../common/music/pitch'
import { NO_METRICS, batchMetrics } from './cellMetrics'

/** K = 1 cells [dt, len, freq, vel] from (dt ticks, MIDI pitch) pairs. */
const cells = (events: [number, number][]): Float32Array =>
  Float32Array.from(events.flatMap(([dt, p]) => [dt, 96, midiToHz(p), 80]))

describe('batchMetrics variants', () => {
  it('G major melody: corrected scale 1.0, code-exact 6/7 (the missing mod 12, spec §5.3)', () => {
    const x = cells([67, 69, 71, 72, 74, 76, 78].map((p, i) => [i === 0 ? 0 : 96, p]))
    const corrected = batchMetrics(x, 1, 7, 1, 'corrected')
    const exact = batchMetrics(x, 1, 7, 1, 'corrected', 'codeExact')
    expect(corrected.scaleConsistency).toBeCloseTo(1, 6)
    expect(exact.scaleConsistency).toBeCloseTo(6 / 7, 6)
    expect(exact.toneSpan).toBe(corrected.toneSpan)
  })

  it('two 3-note chords: intended polyphony 1.0, HEAD counter 5/7 (spec §5.2 vector)', () => {
    const x = cells([
      [0, 60],
      [0, 64],
      [0, 67],
      [96, 62],
      [0, 65],
      [0, 69],
    ])
    expect(batchMetrics(x, 1, 6, 1, 'corrected').polyphony).toBeCloseTo(1, 6)
    expect(batchMetrics(x, 1, 6, 1, 'corrected', 'codeExact').polyphony).toBeCloseTo(5 / 7, 6)
  })

  it('repeated triple: corrected count 5, code-exact 3 (spec §5.4 vector); empty songs give no data', () => {
    const x = cells([60, 62, 64, 60, 62, 64, 60, 62, 64].map((p) => [96, p]))
    expect(batchMetrics(x, 1, 9, 1, 'corrected').repetitions3).toBe(5)
    expect(batchMetrics(x, 1, 9, 1, 'corrected', 'codeExact').repetitions3).toBe(3)
    expect(batchMetrics(new Float32Array(8), 2, 1, 1, 'corrected')).toEqual(NO_METRICS)
  })
})
