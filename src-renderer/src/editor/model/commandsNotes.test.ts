// Note commands: results, purity (input untouched), structural sharing and input errors.
import { describe, expect, it } from 'vitest'
import type { NoteId, TrackId } from '@common/music/units'
import {
  addNotes,
  deleteNotes,
  duplicateNotes,
  moveNotes,
  resizeNotes,
  transposeNotes,
} from './commandsNotes'
import { songFromRows } from './demoSong'

const T1 = 'track1' as TrackId
const ids = (...s: string[]) => new Set(s as NoteId[])
const base = () =>
  songFromRows([
    [
      [60, 0, 480],
      [64, 480, 240, 90],
      [67, 960, 480],
    ],
    [[48, 0, 1920]],
  ])

describe('note commands', () => {
  it('adds a note with a fresh id, keeps the track sorted and leaves the input untouched', () => {
    const s = base()
    const frozen = JSON.stringify(s)
    const out = addNotes(s, {
      trackId: T1,
      notes: [{ pitch: 62, startTick: 240, durationTicks: 120, velocity: 80 }],
    })
    expect(JSON.stringify(s)).toBe(frozen)
    expect(out.tracks[0].notes.map((n) => n.pitch)).toEqual([60, 62, 64, 67])
    expect(out.tracks[0].notes[1].id).toBe('e1')
    expect(out.tracks[1]).toBe(s.tracks[1]) // untouched track shared
    const again = addNotes(out, {
      trackId: T1,
      notes: [{ pitch: 70, startTick: 0, durationTicks: 1, velocity: 1 }],
    })
    expect(again.tracks[0].notes.some((n) => n.id === 'e2')).toBe(true)
  })

  it('rejects bad drafts and unknown tracks with the value in the message', () => {
    const s = base()
    expect(() =>
      addNotes(s, { trackId: T1, notes: [{ pitch: 128, startTick: 0, durationTicks: 1, velocity: 1 }] }),
    ).toThrow(/pitch.*128/)
    expect(() =>
      addNotes(s, { trackId: T1, notes: [{ pitch: 60, startTick: 0, durationTicks: 0, velocity: 1 }] }),
    ).toThrow(/durationTicks.*0/)
    expect(() => addNotes(s, { trackId: 'nope' as TrackId, notes: [] })).toThrow(/nope/)
  })

  it('deletes and returns the same song when nothing matches', () => {
    const s = base()
    expect(deleteNotes(s, { ids: ids('t0n1') }).tracks[0].notes.map((n) => n.id)).toEqual(['t0n0', 't0n2'])
    expect(deleteNotes(s, { ids: ids('zzz') })).toBe(s)
  })

  it('moves a group and clamps the whole group at tick 0 and pitch 127, keeping intervals', () => {
    const s = base()
    const m = moveNotes(s, { ids: ids('t0n0', 't0n1'), dTicks: -1000, dPitch: 100 })
    const [a, b] = [
      m.tracks[0].notes.find((n) => n.id === 't0n0')!,
      m.tracks[0].notes.find((n) => n.id === 't0n1')!,
    ]
    expect(a.startTick).toBe(0)
    expect(b.startTick).toBe(480) // group could not move left: the first note is already at 0
    expect(b.pitch).toBe(127)
    expect(b.pitch - a.pitch).toBe(4)
    expect(moveNotes(s, { ids: ids('t0n0'), dTicks: 0, dPitch: 0 })).toBe(s)
  })

  it('moving re-sorts the track', () => {
    const m = moveNotes(base(), { ids: ids('t0n0'), dTicks: 2000, dPitch: 0 })
    expect(m.tracks[0].notes.map((n) => n.id)).toEqual(['t0n1', 't0n2', 't0n0'])
  })

  it('transposes each note within 0..127', () => {
    const t = transposeNotes(base(), { ids: ids('t0n0', 't1n0'), semitones: -12 })
    expect(t.tracks[0].notes[0].pitch).toBe(48)
    expect(t.tracks[1].notes[0].pitch).toBe(36)
    expect(transposeNotes(base(), { ids: ids('t0n0'), semitones: -100 }).tracks[0].notes[0].pitch).toBe(0)
  })

  it('resizes from the end and from the start, never below the minimum length', () => {
    const s = base()
    expect(
      resizeNotes(s, { ids: ids('t0n1'), edge: 'end', dTicks: 120 }).tracks[0].notes[1].durationTicks,
    ).toBe(360)
    expect(
      resizeNotes(s, { ids: ids('t0n1'), edge: 'end', dTicks: -10_000, minTicks: 30 }).tracks[0].notes[1]
        .durationTicks,
    ).toBe(30)
    const st = resizeNotes(s, { ids: ids('t0n1'), edge: 'start', dTicks: 120 }).tracks[0].notes[1]
    expect([st.startTick, st.durationTicks]).toEqual([600, 120])
    const early = resizeNotes(s, { ids: ids('t0n1'), edge: 'start', dTicks: -10_000 }).tracks[0].notes.find(
      (n) => n.id === 't0n1',
    )!
    expect([early.startTick, early.durationTicks]).toEqual([0, 720])
  })

  it('duplicates after the selection end with new ids', () => {
    const s = base()
    const { song, newIds } = duplicateNotes(s, { ids: ids('t0n0', 't0n1') })
    expect(newIds).toHaveLength(2)
    const copies = song.tracks[0].notes.filter((n) => newIds.includes(n.id))
    expect(copies.map((n) => [n.pitch, n.startTick])).toEqual([
      [60, 720],
      [64, 1200],
    ])
  })
})
