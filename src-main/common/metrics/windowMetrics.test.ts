import { describe, expect, it } from 'vitest'
import { writeSong } from '../midi/writeSong'
import { baseSong, track } from '../midi/testSongs'
import { Rng } from '../random'
import { windowMetrics } from './windowMetrics'

describe('windowMetrics (spec §6.3 pipeline)', () => {
  it('scores a window of a scale played as chords through encode → write → read', () => {
    // Eight 3-note chords on the G-major scale, one every quarter note.
    const notes = [67, 69, 71, 72, 74, 76, 78, 79].flatMap((p, i) =>
      [0, 4, 7].map((o) => [p + o, i * 480, 480, 60 + i] as const),
    )
    const bytes = writeSong(baseSong({ name: 'chords', tracks: [track(0, notes)] }))
    const all = windowMetrics(bytes, 100, new Rng(1).uniform)
    expect(all.events).toBe(24)
    expect(all.polyphony).toBe(1)
    expect(all.intensitySpan).toBe(7)
    const k3 = windowMetrics(bytes, 4, new Rng(2).uniform, { tonesPerCell: 3 })
    expect(k3.events).toBe(12) // 4 cells × 3 tones
    expect(k3.polyphony).toBe(1)
    const k1 = windowMetrics(bytes, 5, new Rng(2).uniform)
    expect(k1.events).toBe(5)
  })
})
