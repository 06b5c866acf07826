import { describe, expect, it } from 'vitest'
import { track } from '../midi/testSongs'
import type { Song } from './song'
import { barBeatAt, secondsToTicks, songEndTick, ticksToSeconds } from './time'

const song = (patch: Partial<Song> = {}): Song => ({
  name: 't',
  ppq: 480,
  tempos: [
    { tick: 0, bpm: 120 },
    { tick: 960, bpm: 60 },
  ],
  timeSignatures: [
    { tick: 0, numerator: 4, denominator: 4 },
    { tick: 1920, numerator: 6, denominator: 8 },
  ],
  tracks: [track(0, [[60, 0, 100, 64]]), track(1, [[62, 2000, 500, 64]])],
  ...patch,
})

describe('tempo map', () => {
  it('converts ticks to seconds across tempo changes', () => {
    expect(ticksToSeconds(song(), 480)).toBeCloseTo(0.5, 12)
    expect(ticksToSeconds(song(), 960)).toBeCloseTo(1, 12)
    expect(ticksToSeconds(song(), 1440)).toBeCloseTo(2, 12)
  })

  it('secondsToTicks inverts ticksToSeconds', () => {
    for (const tick of [0, 1, 479.5, 960, 1000, 12345]) {
      expect(secondsToTicks(song(), ticksToSeconds(song(), tick))).toBeCloseTo(tick, 8)
    }
  })

  it('assumes 120 BPM without tempo or before the first tempo', () => {
    expect(ticksToSeconds(song({ tempos: [] }), 960)).toBeCloseTo(1, 12)
    expect(ticksToSeconds(song({ tempos: [{ tick: 480, bpm: 60 }] }), 960)).toBeCloseTo(1.5, 12)
  })

  it('rejects negative or non-finite positions', () => {
    expect(() => ticksToSeconds(song(), -1)).toThrow(/tick .* got -1/)
    expect(() => secondsToTicks(song(), NaN)).toThrow(/seconds .* got NaN/)
  })
})

describe('barBeatAt', () => {
  it('counts 1-based bars and beats through a time-signature change', () => {
    expect(barBeatAt(song(), 0)).toEqual({ bar: 1, beat: 1, tick: 0 })
    expect(barBeatAt(song(), 500)).toEqual({ bar: 1, beat: 2, tick: 20 })
    expect(barBeatAt(song(), 1920)).toEqual({ bar: 2, beat: 1, tick: 0 })
    // 6/8: eighth-note beats of 240 ticks, bars of 1440.
    expect(barBeatAt(song(), 1920 + 240 * 7 + 5)).toEqual({ bar: 3, beat: 2, tick: 5 })
  })

  it('starts a new bar at a mid-bar change', () => {
    const s = song({
      timeSignatures: [
        { tick: 0, numerator: 4, denominator: 4 },
        { tick: 960, numerator: 3, denominator: 4 },
      ],
    })
    expect(barBeatAt(s, 960)).toEqual({ bar: 2, beat: 1, tick: 0 })
  })
})

describe('songEndTick', () => {
  it('is the end of the last sounding note, 0 for an empty song', () => {
    expect(songEndTick(song())).toBe(2500)
    expect(songEndTick(song({ tracks: [] }))).toBe(0)
  })
})
