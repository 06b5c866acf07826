// Histograms and overlaps of the evaluation protocol on hand-computed vectors.
import { describe, expect, it } from 'vitest'
import {
  interOnsetHistogram,
  intervalHistogram,
  lengthHistogram,
  log2BeatBin,
  normalise,
  overlapArea,
  poolHistograms,
  sortNotes,
  velocityHistogram,
  windowHistograms,
  type WrittenNote,
} from './distributions'

const PPQ = 384
const note = (pitch: number, startTick: number, durationTicks = PPQ, velocity = 80): WrittenNote => ({
  pitch,
  startTick,
  durationTicks,
  velocity,
})

describe('overlapArea', () => {
  it('is 1 for identical distributions (any scale), 0 for disjoint ones, Σ min(p, q) otherwise', () => {
    expect(overlapArea([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12)
    expect(overlapArea([1, 0, 0], [0, 3, 1])).toBe(0)
    // p = [.5, .5, 0], q = [.25, .25, .5] → .25 + .25 + 0
    expect(overlapArea([1, 1, 0], [1, 1, 2])).toBeCloseTo(0.5, 12)
  })
  it('is 0 when either side is empty, and refuses different bin counts', () => {
    expect(overlapArea([0, 0], [1, 1])).toBe(0)
    expect(() => overlapArea([1], [1, 2])).toThrow(/1 bins vs 2 bins/)
  })
  it('normalise divides by the sum and leaves an empty histogram at zeros', () => {
    expect(normalise([1, 3])).toEqual([0.25, 0.75])
    expect(normalise([0, 0])).toEqual([0, 0])
  })
})

describe('bins', () => {
  it('log₂-beat bins: round(log₂ beats) clamped to −5..4, as index 0..9', () => {
    expect(log2BeatBin(1)).toBe(5)
    expect(log2BeatBin(0.5)).toBe(4)
    expect(log2BeatBin(2 ** 0.49)).toBe(5)
    expect(log2BeatBin(2 ** 0.51)).toBe(6)
    expect(log2BeatBin(1 / 1000)).toBe(0)
    expect(log2BeatBin(0)).toBe(0)
    expect(log2BeatBin(64)).toBe(9)
  })
  it('melodic intervals of notes sorted by start then pitch, clamped to ±24', () => {
    // Sorted: 60@0, 64@0, 67@384, 20@768 → +4, +3, −47 → clamped −24.
    const sorted = sortNotes([note(67, 384), note(64, 0), note(60, 0), note(20, 768)])
    expect(sorted.map((n) => n.pitch)).toEqual([60, 64, 67, 20])
    const h = intervalHistogram(sorted)
    expect(h).toHaveLength(49)
    expect(h[24 + 4]).toBe(1)
    expect(h[24 + 3]).toBe(1)
    expect(h[0]).toBe(1)
    expect(h.reduce((a, b) => a + b, 0)).toBe(3)
  })
  it('inter-onset intervals: simultaneous onsets in bin 0, else 1 + log₂-beat bin', () => {
    // IOIs: 0 (chord), 1 beat, 1/2 beat, 8 beats.
    const sorted = sortNotes([
      note(60, 0),
      note(64, 0),
      note(62, 384),
      note(62, 576),
      note(62, 576 + 8 * 384),
    ])
    expect(interOnsetHistogram(sorted, PPQ)).toEqual([1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0])
  })
  it('note lengths in log₂-beat bins, velocities in 8 bins of 16', () => {
    const notes = [note(60, 0, 96, 0), note(60, 0, 384, 15), note(60, 0, 768, 16), note(60, 0, 24, 127)]
    // 1/4 beat → −2 → 3; 1 → 5; 2 → 6; 1/16 → −4 → 1
    expect(lengthHistogram(notes, PPQ)).toEqual([0, 1, 0, 1, 0, 1, 1, 0, 0, 0])
    expect(velocityHistogram(notes)).toEqual([2, 1, 0, 0, 0, 0, 0, 1])
  })
  it('windowHistograms pools with poolHistograms by summing counts', () => {
    const a = windowHistograms([note(60, 0), note(62, 384)], PPQ)
    const b = windowHistograms([note(60, 0)], PPQ)
    const p = poolHistograms([a, b])
    expect(p.lengths[5]).toBe(3)
    expect(p.intervals[24 + 2]).toBe(1)
    expect(p.pitchClasses.reduce((x, y) => x + y, 0)).toBe(3)
    expect(poolHistograms([]).velocities).toEqual(new Array(8).fill(0))
  })
})
