// Hit-testing, box selection and range queries over sorted notes.
import { describe, expect, it } from 'vitest'
import type { NoteId } from '@common/music/units'
import { randomSong, songFromRows } from './demoSong'
import {
  allNoteIds,
  forEachNoteInRange,
  noteAt,
  notesInBox,
  pruneSelection,
  toggleInSelection,
} from './selection'

describe('selection', () => {
  const s = songFromRows([
    [
      [60, 0, 480],
      [64, 240, 480],
      [67, 960, 1920],
      [72, 2000, 10],
    ],
  ])
  const t = s.tracks[0]
  it('finds the note under a point, including long notes that started earlier', () => {
    expect(noteAt(t, 100, 60)?.id).toBe('t0n0')
    expect(noteAt(t, 2500, 67)?.id).toBe('t0n2')
    expect(noteAt(t, 480, 60)).toBeUndefined() // end is exclusive
    expect(noteAt(t, 100, 61)).toBeUndefined()
  })
  it('box-selects notes intersecting the box, corner order free', () => {
    expect([...notesInBox(t, 500, 200, 70, 60)].sort()).toEqual(['t0n0', 't0n1'])
    expect([...notesInBox(t, 1000, 1100, 60, 70)]).toEqual(['t0n2'])
  })
  it('range query equals a full scan on a large random song', () => {
    const big = randomSong({ notes: 5000, tracks: 1, seed: 7 }).tracks[0].notes
    for (const [a, b] of [
      [0, 1000],
      [12_345, 20_000],
      [100_000, 100_500],
    ]) {
      const fast: string[] = []
      forEachNoteInRange(big, a, b, (n) => fast.push(n.id))
      const slow = big.filter((n) => n.startTick < b && n.startTick + n.durationTicks > a).map((n) => n.id)
      expect(fast).toEqual(slow)
    }
  })
  it('toggles, selects all and prunes ids that disappeared', () => {
    const sel = toggleInSelection(new Set<NoteId>(['t0n0' as NoteId]), 't0n1' as NoteId)
    expect([...toggleInSelection(sel, 't0n0' as NoteId)]).toEqual(['t0n1'])
    expect(allNoteIds(s).size).toBe(4)
    const kept = new Set<NoteId>(['t0n0', 'gone'] as NoteId[])
    expect([...pruneSelection(s, kept)]).toEqual(['t0n0'])
  })
})
