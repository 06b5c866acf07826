// Copy/cut/paste payloads, across songs with different PPQ, plus track commands and insertGenerated provenance.
import { describe, expect, it } from 'vitest'
import type { NoteId, TrackId } from '@common/music/units'
import { clipsInSong } from '@common/project/project'
import { copyNotes, cutNotes, parseClipboard, pasteNotes } from './commandsClipboard'
import { addTrack, insertGenerated, removeTrack, renameTrack, setProgram } from './commandsTracks'
import { songFromRows } from './demoSong'

const T1 = 'track1' as TrackId
const sel = (...s: string[]) => new Set(s as NoteId[])

describe('clipboard', () => {
  const s = songFromRows([
    [
      [60, 960, 480, 70],
      [64, 1200, 240],
    ],
  ])
  it('copies relative to the first note and pastes at a tick with fresh ids', () => {
    const clip = copyNotes(s, sel('t0n0', 't0n1'))!
    expect(clip.notes.map((n) => n.startTick)).toEqual([0, 240])
    const text = JSON.stringify(clip)
    const { song, newIds } = pasteNotes(s, { trackId: T1, atTick: 4800, clip: parseClipboard(text)! })
    const pasted = song.tracks[0].notes.filter((n) => newIds.includes(n.id))
    expect(pasted.map((n) => [n.pitch, n.startTick, n.durationTicks, n.velocity])).toEqual([
      [60, 4800, 480, 70],
      [64, 5040, 240, 100],
    ])
  })
  it('rescales to the target song PPQ and ignores foreign clipboard text', () => {
    const clip = copyNotes(s, sel('t0n1'))!
    const other = songFromRows([[]], { ppq: 96 })
    const { song } = pasteNotes(other, { trackId: T1, atTick: 0, clip })
    expect(song.tracks[0].notes[0].durationTicks).toBe(48)
    expect(parseClipboard('hello')).toBeNull()
    expect(parseClipboard('{"kind":"x"}')).toBeNull()
    expect(copyNotes(s, sel())).toBeNull()
  })
  it('cut removes the notes and returns them', () => {
    const { song, clip } = cutNotes(s, sel('t0n0'))
    expect(song.tracks[0].notes).toHaveLength(1)
    expect(clip?.notes).toHaveLength(1)
  })
})

describe('track commands and insertGenerated', () => {
  const s = songFromRows([[[60, 0, 480]]])
  it('adds, renames, reprograms and removes tracks', () => {
    const { song, trackId } = addTrack(s, { name: 'Bass' })
    expect(song.tracks.map((t) => t.name)).toEqual(['Track 1', 'Bass'])
    expect(song.tracks[1].channel).toBe(1)
    expect(renameTrack(song, { trackId, name: 'B' }).tracks[1].name).toBe('B')
    expect(setProgram(song, { trackId, program: 33 }).tracks[1].program).toBe(33)
    expect(() => setProgram(song, { trackId, program: 200 })).toThrow(/200/)
    expect(removeTrack(song, { trackId }).tracks).toHaveLength(1)
  })
  it('inserts a generated clip into a new track and records its provenance as a song text', () => {
    const provenance = { run: 'run1', checkpoint: 'ep10', seed: 42, settings: { temperature: 1 } }
    const { song, clip } = insertGenerated(s, {
      atTick: 1920,
      notes: [
        { pitch: 62, startTick: 0, durationTicks: 240, velocity: 90 },
        { pitch: 65, startTick: 240, durationTicks: 240, velocity: 80 },
      ],
      provenance,
    })
    expect(song.tracks).toHaveLength(2)
    expect(song.tracks[1].name).toBe('Generated 1')
    expect(song.tracks[1].notes.map((n) => n.startTick)).toEqual([1920, 2160])
    expect(clip.noteIds).toEqual(song.tracks[1].notes.map((n) => n.id))
    expect(clipsInSong(song)).toEqual([clip])
    const second = insertGenerated(song, {
      trackId: T1,
      atTick: 0,
      notes: [{ pitch: 70, startTick: 0, durationTicks: 10, velocity: 5 }],
      provenance,
    })
    expect(second.clip.id).toBe('clip2')
    expect(second.song.tracks[0].notes).toHaveLength(2)
    expect(() => insertGenerated(s, { atTick: -1, notes: [], provenance })).toThrow(/-1/)
  })
})
