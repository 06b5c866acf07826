import { describe, expect, it } from 'vitest'
import { readSong } from '../midi/readSong'
import { parseSmf } from '../midi/smfParse'
import { track } from '../midi/testSongs'
import type { Song } from '../music/song'
import { encodeCells } from './cells'
import { tonesFromSong } from './tones'
import { hzToMidi, midiToHz } from '../music/pitch'
import { cellsToMidiBytes, cellsToSong, pitchOf, pyRound } from './writer'

const cells1 = (...rows: number[][]) => Float32Array.from(rows.flat())
const opts = { tonesPerCell: 1, pitchMode: 'corrected' } as const
const noteRows = (s: Song) =>
  s.tracks[0].notes.map((n) => [n.pitch, n.startTick, n.durationTicks, n.velocity])

describe('pitch conversion', () => {
  it('hzToMidi and midiToHz are inverse and anchored at A4 = 440 Hz', () => {
    expect(hzToMidi(440)).toBe(69)
    expect(midiToHz(60)).toBeCloseTo(261.6256, 4)
    for (let p = 0; p < 128; p++) expect(hzToMidi(midiToHz(p))).toBeCloseTo(p, 9)
  })

  it('faithful int() drops 85 of 128 float32 semitone frequencies one semitone; corrected rounding none', () => {
    let low = 0
    for (let p = 0; p < 128; p++) {
      const f32 = Math.fround(midiToHz(p))
      const got = pitchOf(f32, 'faithful')
      expect([p, p - 1]).toContain(got)
      if (got !== p) low++
      expect(pitchOf(f32, 'corrected')).toBe(p)
      // In float64 the error is only the libm's last ulp: any miss is exactly one semitone low.
      expect([p, p - 1]).toContain(pitchOf(midiToHz(p), 'faithful'))
    }
    expect(low).toBe(85) // the count spec §2.5 reports
  })

  it('truncates vs rounds fractional pitches and folds out-of-range pitches by octaves', () => {
    expect(pitchOf(261.5, 'faithful')).toBe(59)
    expect(pitchOf(261.5, 'corrected')).toBe(60)
    expect(pitchOf(midiToHz(135.2), 'faithful')).toBe(123)
    expect(pitchOf(1, 'faithful')).toBe(0) // −36.4 → int −36 → +3 octaves
    expect(pitchOf(midiToHz(-1.2), 'faithful')).toBe(11) // int(−1.2) = −1 → 11
    expect(pitchOf(1e300, 'corrected')).toBeLessThanOrEqual(127)
  })

  it('pyRound rounds half away from zero like Python 2', () => {
    expect([0.5, 1.5, 2.5, -0.5, -2.5, 2.4999].map(pyRound)).toEqual([1, 2, 3, -1, -3, 2])
  })
})

describe('cellsToMidiBytes / cellsToSong (spec §2.5)', () => {
  it('writes one track at 384 PPQ with a single 45 BPM tempo, no program change, EOT 384 after the last event', () => {
    const bytes = cellsToMidiBytes(cells1([0, 96, 440, 100], [96, 96, 880, 90]), 2, opts)
    const smf = parseSmf(bytes)
    expect([smf.format, smf.ppq, smf.tracks.length]).toEqual([0, 384, 1])
    expect(smf.tracks[0].map((e) => e.kind)).toEqual(['tempo', 'noteOn', 'noteOff', 'noteOn', 'noteOff'])
    expect(smf.tracks[0][0]).toMatchObject({ tick: 0, usPerBeat: 1333333 })
    expect(Array.from(bytes.subarray(bytes.length - 5))).toEqual([0x83, 0x00, 0xff, 0x2f, 0x00]) // delta 384
  })

  it('skips tones whose freq, rounded velocity or rounded length is ≤ 0, or any value is non-finite', () => {
    const data = cells1(
      [0, 10, 0, 64],
      [0, 10, 440, 0.49],
      [0, 0.49, 440, 64],
      [0, 10, -440, 64],
      [0, 10, NaN, 64],
      [0, 10, Infinity, 64],
      [0, 0.5, 440, 0.5], // rounds half up: length 1, velocity 1 → kept
      [0, 10, 440, 300], // velocity capped at 127
    )
    const song = cellsToSong(data, 8, opts)
    expect(noteRows(song)).toEqual([
      [69, 0, 1, 1],
      [69, 0, 10, 127],
    ])
  })

  it('follows a float running time: negative dt moves back, deltas are rounded float differences', () => {
    const song = cellsToSong(cells1([100, 50, 440, 64], [-60, 10, 220, 64]), 2, opts)
    expect(noteRows(song)).toEqual([
      [57, 40, 10, 64],
      [69, 100, 50, 64],
    ])
    // Float onsets 0, 0.3, 0.6, 1.2: each delta is rounded on its own (0, 0, 1 → ticks 0, 0, 0, 1), so
    // near-simultaneous onsets share a tick — not round(t), which would give 0, 0, 1, 1.
    const near = cellsToSong(
      cells1([0, 4, 440, 64], [0.3, 4, 494, 64], [0.3, 4, 523, 64], [0.6, 4, 587, 64]),
      4,
      opts,
    )
    expect(near.tracks[0].notes.map((n) => n.startTick)).toEqual([0, 0, 0, 1])
    const spread = cellsToSong(cells1([0, 4, 440, 64], [0.6, 4, 494, 64], [0.6, 4, 523, 64]), 3, opts)
    expect(spread.tracks[0].notes.map((n) => n.startTick)).toEqual([0, 1, 2]) // round(1.2) would be 1
  })

  it('clamps a leading negative time to tick 0', () => {
    expect(noteRows(cellsToSong(cells1([-20, 10, 440, 64]), 1, opts))).toEqual([[69, 0, 10, 64]])
  })

  it('round-trips an integer-tick song through tones → cells → MIDI, for K = 1 and K = 3', () => {
    const song: Song = {
      name: 'x',
      ppq: 384,
      tempos: [{ tick: 0, bpm: 45 }],
      timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
      tracks: [
        track(0, [
          [60, 0, 384, 80],
          [64, 0, 384, 81],
          [67, 0, 384, 82],
          [72, 0, 192, 83],
          [71, 192, 192, 84],
          [55, 384, 768, 85],
          [79, 400, 20, 86],
        ]),
      ],
    }
    for (const k of [1, 3] as const) {
      const enc = encodeCells(tonesFromSong(song), { tonesPerCell: k })
      const back = cellsToSong(enc.data, enc.cells, { tonesPerCell: k, pitchMode: 'corrected' })
      expect(noteRows(back)).toEqual(noteRows(song))
      // The bytes hold the same notes (no overlapping equal pitches here, so pairing is unambiguous).
      const read = readSong(
        cellsToMidiBytes(enc.data, enc.cells, { tonesPerCell: k, pitchMode: 'corrected' }),
      )
      expect(noteRows(read)).toEqual(noteRows(song))
    }
  })

  it('rejects data shorter than cells·F', () => {
    expect(() => cellsToSong(new Float32Array(7), 2, opts)).toThrow(/fewer than cells·F = 2·4 = 8/)
  })

  it('realCells: leading real cells keep their exact pitch in faithful mode; later cells still use int()', () => {
    // 62 is one of the 85 pitches whose float32 frequency int() reads a semitone low.
    const hz = Math.fround(midiToHz(62))
    const data = cells1([0, 96, hz, 80], [96, 96, hz, 80])
    const faithful = { tonesPerCell: 1, pitchMode: 'faithful' } as const
    expect(cellsToSong(data, 2, faithful).tracks[0].notes.map((n) => n.pitch)).toEqual([61, 61])
    const primed = cellsToSong(data, 2, { ...faithful, realCells: 1 })
    expect(primed.tracks[0].notes.map((n) => n.pitch)).toEqual([62, 61])
    const bytes = parseSmf(cellsToMidiBytes(data, 2, { ...faithful, realCells: 1 })).tracks[0]
    expect(bytes.filter((e) => e.kind === 'noteOn').map((e) => e.pitch)).toEqual([62, 61])
    expect(() => cellsToSong(data, 2, { ...faithful, realCells: -1 })).toThrow(/realCells must be/)
  })
})
