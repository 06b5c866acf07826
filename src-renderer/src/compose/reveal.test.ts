// The roll's view after inserting a candidate: the inserted notes are on screen at a readable zoom, including a
// phrase in the lowest octave (where fitting the whole song used to leave an almost empty roll).
import { describe, expect, it } from 'vitest'
import type { Note } from '@common/music/song'
import type { NoteId } from '@common/music/units'
import { clampView } from '../editor/view/transform'
import { revealView, REVEAL_BARS, REVEAL_KEY_HEIGHT, type RollView } from './reveal'

const PPQ = 480
const BAR = PPQ * 4
const base: RollView = {
  scrollTick: 0,
  topPitch: 84,
  pxPerTick: 0.12,
  keyHeight: 12,
  width: 700,
  height: 520,
}
const notes = (rows: [number, number, number][]): Note[] =>
  rows.map(([pitch, startTick, durationTicks], i) => ({
    id: `n${i}` as NoteId,
    pitch,
    startTick,
    durationTicks,
    velocity: 80,
  }))

/** Every note's rectangle lies inside the (editor-clamped) view. */
function allVisible(v: RollView, ns: readonly Note[]): boolean {
  return ns.every((n) => {
    const x0 = (n.startTick - v.scrollTick) * v.pxPerTick
    const x1 = (n.startTick + n.durationTicks - v.scrollTick) * v.pxPerTick
    const y = (v.topPitch - n.pitch) * v.keyHeight
    return x0 >= 0 && x1 <= v.width && y >= 0 && y + v.keyHeight <= v.height
  })
}

describe('revealView', () => {
  it('shows a phrase far from the current view, at its bars and register', () => {
    const ns = notes([
      [72, 8 * BAR, 240],
      [76, 8 * BAR + 480, 240],
      [79, 9 * BAR, 480],
    ])
    const v = clampView(revealView(base, ns, BAR))
    expect(allVisible(base, ns)).toBe(false)
    expect(allVisible(v, ns)).toBe(true)
    expect(v.scrollTick).toBeGreaterThan(7.9 * BAR)
    expect(v.scrollTick).toBeLessThan(8 * BAR)
    // 8 semitones + spare rows at 520 px would be 37 px rows: capped at the readable maximum.
    expect(v.keyHeight).toBe(REVEAL_KEY_HEIGHT[1])
    expect([v.width, v.height]).toEqual([base.width, base.height])
  })

  it('keeps a phrase in the lowest octave visible (the view is clamped at pitch 0)', () => {
    const ns = notes([
      [2, 0, 30],
      [9, 60, 30],
      [4, 120, 30],
    ])
    const v = clampView(revealView(base, ns, BAR))
    expect(allVisible(v, ns)).toBe(true)
    // The 150-tick phrase fills most of the width, so each 30-tick note is wide enough to see and grab.
    expect(v.pxPerTick).toBeCloseTo((base.width * 0.9) / 150)
    expect(30 * v.pxPerTick).toBeGreaterThan(100)
  })

  it('shows a phrase of a few ticks within a sixteenth of a bar, not blown up further', () => {
    const ns = notes([
      [60, 4 * BAR, 4],
      [62, 4 * BAR + 6, 4],
    ])
    const v = clampView(revealView(base, ns, BAR))
    expect(allVisible(v, ns)).toBe(true)
    expect(v.pxPerTick).toBeCloseTo((base.width * 0.9) / (BAR * REVEAL_BARS[0]))
  })

  it('limits a long phrase to the first bars and a wide register to readable rows', () => {
    const ns = notes([
      [30, 0, 480],
      [100, 40 * BAR, 480],
    ])
    const v = revealView(base, ns, BAR)
    expect(v.pxPerTick).toBeCloseTo((base.width * 0.9) / (BAR * REVEAL_BARS[1]))
    expect(v.keyHeight).toBe(REVEAL_KEY_HEIGHT[0])
  })

  it('returns the view unchanged for no notes and rejects a bad bar length', () => {
    expect(revealView(base, [], BAR)).toBe(base)
    expect(() => revealView(base, notes([[60, 0, 10]]), 0)).toThrow(/barTicks must be > 0, got 0/)
  })
})
