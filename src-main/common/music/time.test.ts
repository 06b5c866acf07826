import { describe, expect, it } from 'vitest'
import { baseSong, track } from '../midi/testSongs'
import type { Song } from './song'
import {
  barAt,
  barBeatAt,
  barsInRange,
  meterAt,
  nearestBarTick,
  nextBarTick,
  secondsToTicks,
  songEndTick,
  tempoAt,
  ticksAfterBars,
  ticksToSeconds,
} from './time'

const song = (patch: Partial<Song> = {}): Song =>
  baseSong({
    name: 't',
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

describe('bars', () => {
  // 4/4 (1920-tick bars) until 1920, then 6/8 (1440-tick bars of 240-tick beats).
  it('finds the bar of a tick with its meter, through a change', () => {
    expect(barAt(song(), 0)).toEqual({
      startTick: 0,
      number: 1,
      numerator: 4,
      denominator: 4,
      beatTicks: 480,
      lengthTicks: 1920,
    })
    expect(barAt(song(), 1919).number).toBe(1)
    expect(barAt(song(), 1920 + 1440 + 5)).toMatchObject({ startTick: 3360, number: 3, beatTicks: 240 })
  })

  it('lists the bars of a range, cutting a bar short at a mid-bar change', () => {
    const s = song({
      timeSignatures: [
        { tick: 0, numerator: 4, denominator: 4 },
        { tick: 960, numerator: 3, denominator: 4 },
      ],
    })
    expect(barsInRange(s, 0, 4000).map((b) => [b.number, b.startTick, b.numerator])).toEqual([
      [1, 0, 4],
      [2, 960, 3],
      [3, 2400, 3],
      [4, 3840, 3],
    ])
  })

  it('gives the next and the nearest bar line, and the tick N bars on', () => {
    expect(nextBarTick(song(), 0)).toBe(0)
    expect(nextBarTick(song(), 1)).toBe(1920)
    expect(nextBarTick(song(), 2000)).toBe(3360)
    expect(nearestBarTick(song(), 2500)).toBe(1920)
    expect(nearestBarTick(song(), 2700)).toBe(3360)
    expect(ticksAfterBars(song(), 0, 3)).toBe(1920 + 1440 * 2)
    expect(ticksAfterBars(song(), 1920, 0)).toBe(1920)
    // From inside a bar (a continuation), a bar is the nominal length from there.
    expect(ticksAfterBars(song(), 3600, 1)).toBe(3600 + 1440)
  })

  it('reads the tempo and meter in force at a tick', () => {
    expect(tempoAt(song(), 959)).toBe(120)
    expect(tempoAt(song(), 960)).toBe(60)
    expect(tempoAt(song({ tempos: [] }), 5)).toBe(120)
    expect(meterAt(song(), 1919)).toMatchObject({ numerator: 4 })
    expect(meterAt(song(), 1920)).toMatchObject({ numerator: 6, denominator: 8 })
    expect(meterAt(song({ timeSignatures: [] }), 1)).toMatchObject({ tick: 0, numerator: 4, denominator: 4 })
  })
})
