// Export → import round trips: whole song, selection and clip keep notes, tempo, meter, program and velocity.
import { describe, expect, it } from 'vitest'
import { baseSong, notesFrom, trackOf } from '@common/midi/testSongs'
import type { Song } from '@common/music/song'
import type { NoteId, TrackId } from '@common/music/units'
import { clipToText } from '@common/project/project'
import { exportFileName, exportMidiBytes, importMidiBytes } from './midiFiles'

// Note ids n1…n4 across both tracks (the selection and clip tests name them).
const song: Song = baseSong({
  name: 'Round/trip: test',
  tempos: [
    { tick: 0, bpm: 90 },
    { tick: 3840, bpm: 132 },
  ],
  timeSignatures: [{ tick: 0, numerator: 3, denominator: 4 }],
  tracks: [
    trackOf(
      'a',
      notesFrom(
        [
          [72, 0, 480, 33],
          [74, 480, 240, 101],
          [76, 2880, 960, 127],
        ],
        { from: 1 },
      ),
      { name: 'Melody', program: 40 },
    ),
    trackOf('b', notesFrom([[40, 1440, 1440, 64]], { from: 4 }), { name: 'Bass', channel: 1, program: 32 }),
  ],
})
const shape = (s: Song) =>
  s.tracks.map((t) => ({
    program: t.program,
    notes: t.notes.map((n) => [n.pitch, n.startTick, n.durationTicks, n.velocity]),
  }))

describe('MIDI export/import', () => {
  it('round-trips the whole song: notes, velocities, programs, tempo map and meter', () => {
    const back = importMidiBytes(exportMidiBytes(song), 'x.mid')
    expect(shape(back)).toEqual(shape(song))
    expect(back.tempos.map((t) => [t.tick, Math.round(t.bpm)])).toEqual([
      [0, 90],
      [3840, 132],
    ])
    expect(back.timeSignatures.map((t) => [t.numerator, t.denominator])).toEqual([[3, 4]])
    expect(back.ppq).toBe(480)
    expect(back.name).toBe('x')
  })
  it('exports a selection rebased to the bar of its first note, with the tempo in force there', () => {
    const bytes = exportMidiBytes(song, { kind: 'selection', ids: new Set(['n3', 'n4'] as NoteId[]) })
    const back = importMidiBytes(bytes, 'sel.mid')
    // n4 starts at 1440 = bar 2 (3/4 at 480 ppq) → rebased to 0; n3 at 2880 → 1440.
    expect(shape(back)).toEqual([
      { program: 40, notes: [[76, 1440, 960, 127]] },
      { program: 32, notes: [[40, 0, 1440, 64]] },
    ])
    expect(back.tempos.map((t) => [t.tick, Math.round(t.bpm)])).toEqual([
      [0, 90],
      [2400, 132],
    ])
  })
  it('exports one generated clip with its provenance text, and refuses empty scopes', () => {
    const clip = {
      id: 'clip1',
      trackId: 'a' as TrackId,
      noteIds: ['n2' as NoteId],
      atTick: 480,
      provenance: { run: 'r', checkpoint: 'c', seed: 7, settings: {} },
    }
    const withClip = { ...song, texts: [clipToText(clip)] }
    const back = importMidiBytes(exportMidiBytes(withClip, { kind: 'clip', clipId: 'clip1' }), 'c.mid')
    expect(shape(back)).toEqual([{ program: 40, notes: [[74, 480, 240, 101]] }])
    expect(back.texts?.some((t) => t.includes('"seed":7'))).toBe(true)
    expect(() => exportMidiBytes(withClip, { kind: 'clip', clipId: 'nope' })).toThrow(/nope/)
    expect(() => exportMidiBytes(song, { kind: 'selection', ids: new Set() })).toThrow(
      /selection has no notes/,
    )
  })
  it('makes safe file names', () => {
    expect(exportFileName(song)).toBe('Round_trip_ test.mid')
    expect(exportFileName(song, { kind: 'selection', ids: new Set() })).toBe(
      'Round_trip_ test (selection).mid',
    )
  })
})
