// Quantize/swing, fit-to-scale and velocity commands.
import { describe, expect, it } from 'vitest'
import type { NoteId } from '@common/music/units'
import { changeVelocity, fitToScale, quantizeNotes, rampVelocity, setVelocity } from './commandsTransform'
import { songFromRows } from './demoSong'
import { nearestInScale, noteName } from '@common/music/scale'
import { quantizeTick } from '@common/music/quantize'
import { gridTicks, snapTick } from './snap'

const all = (n: number) => new Set(Array.from({ length: n }, (_, i) => `t0n${i}` as NoteId))

describe('snap and quantize math', () => {
  it('computes grid sizes for straight, triplet and dotted values', () => {
    expect(gridTicks(480, { division: 4, mode: 'straight' })).toBe(480)
    expect(gridTicks(480, { division: 8, mode: 'triplet' })).toBe(160)
    expect(gridTicks(480, { division: 8, mode: 'dotted' })).toBe(360)
    expect(gridTicks(480, { division: 64, mode: 'straight' })).toBe(30)
    expect(() => gridTicks(480, { division: 3 as 4, mode: 'straight' })).toThrow(/3/)
  })
  it('snaps relative to the bar start, and not at all when off or bypassed', () => {
    // 3/4 then 1/1 grid: bar 2 starts at 1440, so 1500 snaps to 1440 (not to 1920).
    const s = { ...songFromRows([[]]), timeSignatures: [{ tick: 0, numerator: 3, denominator: 4 }] }
    expect(snapTick(s, 1500, { enabled: true, division: 1, mode: 'straight' })).toBe(1440)
    expect(snapTick(s, 250, { enabled: true, division: 8, mode: 'straight' })).toBe(240)
    expect(snapTick(s, 250, { enabled: false, division: 8, mode: 'straight' })).toBe(250)
    expect(snapTick(s, 250, { enabled: true, division: 8, mode: 'straight' }, true)).toBe(250)
  })
  it('quantizes with strength and swing', () => {
    expect(quantizeTick(130, { grid: 120, strength: 1, swing: 0 })).toBe(120)
    expect(quantizeTick(130, { grid: 120, strength: 0.5, swing: 0 })).toBe(125)
    expect(quantizeTick(130, { grid: 120, strength: 0, swing: 0 })).toBe(130)
    // Odd grid lines are delayed by swing × grid / 3: full swing puts the off-beat 8th on the triplet.
    expect(quantizeTick(250, { grid: 240, strength: 1, swing: 1 })).toBe(320)
    expect(quantizeTick(470, { grid: 240, strength: 1, swing: 1 })).toBe(480)
    expect(() => quantizeTick(1, { grid: 120, strength: 2, swing: 0 })).toThrow(/strength.*2/)
  })
  it('quantizeNotes merges same-pitch notes that land on one tick (longest end, loudest)', () => {
    const s = songFromRows([
      [
        [60, 0, 100, 50],
        [60, 50, 300, 90],
        [64, 50, 100],
        [60, 130, 60],
      ],
    ])
    const q = quantizeNotes(s, { ids: all(4), grid: 120, strength: 1, swing: 0 })
    expect(q.tracks[0].notes.map((n) => [n.pitch, n.startTick, n.durationTicks, n.velocity])).toEqual([
      [60, 0, 300, 90],
      [64, 0, 100, 100],
      [60, 120, 60, 100],
    ])
    // Half strength keeps them apart: nothing to merge.
    expect(
      quantizeNotes(s, { ids: all(4), grid: 120, strength: 0.5, swing: 0 }).tracks[0].notes,
    ).toHaveLength(4)
  })
  it('quantizeNotes moves starts only', () => {
    const s = songFromRows([
      [
        [60, 130, 100],
        [62, 470, 50],
      ],
    ])
    const q = quantizeNotes(s, { ids: all(2), grid: 120, strength: 1, swing: 0 })
    expect(q.tracks[0].notes.map((n) => [n.startTick, n.durationTicks])).toEqual([
      [120, 100],
      [480, 50],
    ])
  })
})

describe('scale', () => {
  it('names notes with C4 = 60 and fits to the nearest scale tone, ties down', () => {
    expect([noteName(60), noteName(61), noteName(21), noteName(0)]).toEqual(['C4', 'C#4', 'A0', 'C-1'])
    expect(nearestInScale(61, { root: 0, scale: 'major' })).toBe(60)
    expect(nearestInScale(66, { root: 0, scale: 'major' })).toBe(65)
    expect(nearestInScale(63, { root: 9, scale: 'minor' })).toBe(62) // A minor: D#→D (tie with E goes down)
    const s = fitToScale(
      songFromRows([
        [
          [61, 0, 1],
          [64, 1, 1],
        ],
      ]),
      { ids: all(2), key: { root: 0, scale: 'pentatonic' } },
    )
    expect(s.tracks[0].notes.map((n) => n.pitch)).toEqual([60, 64])
  })
})

describe('velocity', () => {
  const s = songFromRows([
    [
      [60, 0, 1, 100],
      [61, 100, 1, 50],
      [62, 200, 1, 120],
    ],
  ])
  it('sets, changes relatively (add and scale) and clamps 1..127', () => {
    expect(setVelocity(s, { ids: all(3), velocity: 300 }).tracks[0].notes.map((n) => n.velocity)).toEqual([
      127, 127, 127,
    ])
    expect(changeVelocity(s, { ids: all(3), add: 10 }).tracks[0].notes.map((n) => n.velocity)).toEqual([
      110, 60, 127,
    ])
    expect(changeVelocity(s, { ids: all(3), scale: 0.5 }).tracks[0].notes.map((n) => n.velocity)).toEqual([
      50, 25, 60,
    ])
    expect(changeVelocity(s, { ids: all(3), add: -500 }).tracks[0].notes.map((n) => n.velocity)).toEqual([
      1, 1, 1,
    ])
  })
  it('ramps linearly over the selection', () => {
    expect(
      rampVelocity(s, { ids: all(3), from: 20, to: 120 }).tracks[0].notes.map((n) => n.velocity),
    ).toEqual([20, 70, 120])
  })
})
