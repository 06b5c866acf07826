// schedule(): tempo-map timing, windows, mute/solo.
import { describe, expect, it } from 'vitest'
import { songOf } from '@common/midi/testSongs'
import type { Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { isAudible, metronomeBeats, schedule } from './schedule'

/** Song with one track per row list (tracks t0, t1, …): [pitch, startTick, durationTicks, velocity?]. */
const songFromRows = (tracks: number[][][], opts: { bpm?: number } = {}): Song =>
  songOf('t', tracks, { ...opts, velocity: 100 })

const rows = [
  [
    [60, 0, 480],
    [62, 480, 480, 64],
    [64, 960, 960],
  ],
  [[36, 0, 1920]],
]

describe('schedule', () => {
  it('converts ticks to seconds at a constant tempo', () => {
    const ev = schedule(songFromRows(rows, { bpm: 120 }))
    expect(ev.map((e) => [e.pitch, e.timeSeconds, e.durationSeconds])).toEqual([
      [36, 0, 2],
      [60, 0, 0.5],
      [62, 0.5, 0.5],
      [64, 1, 1],
    ])
    expect(ev[2].velocity).toBe(64)
  })
  it('honours a tempo change, including inside a note', () => {
    const s: Song = {
      ...songFromRows(rows),
      tempos: [
        { tick: 0, bpm: 120 },
        { tick: 960, bpm: 60 },
        { tick: 1440, bpm: 240 },
      ],
    }
    const e64 = schedule(s).find((e) => e.pitch === 64)!
    expect(e64.timeSeconds).toBeCloseTo(1)
    expect(e64.durationSeconds).toBeCloseTo(1 + 0.25) // 480 ticks at 60 BPM + 480 at 240 BPM
    const bass = schedule(s).find((e) => e.pitch === 36)!
    expect(bass.durationSeconds).toBeCloseTo(0.5 + 0.5 + 1 + 0.25)
  })
  it('takes only notes starting inside the window', () => {
    const ev = schedule(songFromRows(rows), { fromTick: 480, toTick: 960 })
    expect(ev.map((e) => e.pitch)).toEqual([62])
    expect(() => schedule(songFromRows(rows), { fromTick: 10, toTick: 5 })).toThrow(/5.*10/)
  })
  it('applies mute and solo (solo wins)', () => {
    const t2 = 't1' as TrackId // the second track
    expect(schedule(songFromRows(rows), { mutedTracks: new Set([t2]) }).map((e) => e.pitch)).toEqual([
      60, 62, 64,
    ])
    expect(schedule(songFromRows(rows), { soloTracks: new Set([t2]) }).map((e) => e.pitch)).toEqual([36])
    expect(isAudible(t2, new Set([t2]), new Set([t2]))).toBe(true)
  })
  it('gives metronome beats with downbeats from the meter map and times from the tempo map', () => {
    const s: Song = {
      ...songFromRows([]),
      tempos: [
        { tick: 0, bpm: 120 },
        { tick: 1440, bpm: 60 },
      ],
      timeSignatures: [
        { tick: 0, numerator: 3, denominator: 4 },
        { tick: 1440, numerator: 6, denominator: 8 },
      ],
    }
    const beats = metronomeBeats(s, 2400)
    expect(beats.map((b) => [b.tick, b.downbeat])).toEqual([
      [0, true],
      [480, false],
      [960, false],
      [1440, true],
      [1680, false],
      [1920, false],
      [2160, false],
    ])
    expect(beats[4].timeSeconds).toBeCloseTo(1.5 + 0.5) // 240 ticks at 60 BPM after 1.5 s
  })
})
