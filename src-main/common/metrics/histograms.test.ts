import { describe, expect, it } from 'vitest'
import { track } from '../midi/testSongs'
import type { Song } from '../music/song'
import { histograms, NOTE_LENGTH_EDGES_BEATS } from './histograms'

describe('histograms', () => {
  it('counts pitch classes, successive-onset intervals (clamped to ±24) and log-spaced note lengths', () => {
    const song: Song = {
      name: 'h',
      ppq: 96,
      tempos: [{ tick: 0, bpm: 120 }],
      timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
      tracks: [
        track(0, [
          [60, 0, 96, 64], // C, 1 beat
          [64, 96, 48, 64], // E, +4, half a beat
          [96, 192, 960, 64], // C, +32 → clamped to +24, 10 beats
        ]),
        track(1, [[59, 96, 1, 64]]), // B at tick 96 sorts before E (pitch order); 1/96 beat → first bin
      ],
    }
    const h = histograms(song)
    expect(h.pitchClass).toEqual([2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1])
    const at = (d: number) => h.interval.counts[h.interval.semitones.indexOf(d)]
    expect([at(-1), at(5), at(24)]).toEqual([1, 1, 1])
    expect(h.interval.counts.reduce((a, b) => a + b)).toBe(3)
    const bin = (beats: number) => NOTE_LENGTH_EDGES_BEATS.filter((e) => e <= beats).length - 1
    expect(h.noteLength.counts[bin(1)]).toBe(1)
    expect(h.noteLength.counts[bin(0.5)]).toBe(1)
    expect(h.noteLength.counts[bin(10)]).toBe(1)
    expect(h.noteLength.counts[0]).toBe(1)
    expect(h.noteLength.counts.reduce((a, b) => a + b)).toBe(4)
  })
})
