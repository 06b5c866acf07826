import { Midi } from '@tonejs/midi'
import { describe, expect, it } from 'vitest'
import type { Song } from '../music/song'
import { readSong } from './readSong'
import { richSong, track } from './testSongs'
import { writeSong } from './writeSong'

/** Song with bpm rounded to the precision a MIDI tempo event keeps (1 µs per quarter). */
const comparable = (s: Song) => ({
  ...s,
  tempos: s.tempos.map((t) => ({ tick: t.tick, bpm: +t.bpm.toFixed(3) })),
})

describe('writeSong', () => {
  it('round-trips notes, tempos, time signatures, names, channels, programs, velocities and texts', () => {
    const song = richSong()
    expect(comparable(readSong(writeSong(song)))).toEqual(comparable(song))
  })

  it('is readable by an independent decoder (@tonejs/midi) with the same notes and header', () => {
    const song = richSong()
    const midi = new Midi(writeSong(song))
    expect(midi.header.ppq).toBe(480)
    expect(midi.header.tempos.map((t) => [t.ticks, +t.bpm.toFixed(3)])).toEqual([
      [0, 100],
      [1920, 60],
      [3840, 144],
    ])
    expect(midi.header.timeSignatures.map((t) => [t.ticks, ...t.timeSignature])).toEqual([
      [0, 3, 4],
      [2880, 6, 8],
    ])
    const tracks = midi.tracks.filter((t) => t.notes.length > 0)
    expect(tracks.map((t) => [t.name, t.channel, t.instrument.number])).toEqual([
      ['Piano RH', 0, 0],
      ['Cello', 3, 42],
    ])
    tracks.forEach((t, i) => {
      const got = t.notes.map((n) => [n.midi, n.ticks, n.durationTicks, Math.round(n.velocity * 127)])
      const want = song.tracks[i].notes.map((n) => [n.pitch, n.startTick, n.durationTicks, n.velocity])
      expect(got).toEqual(want)
    })
  })

  it('produces identical bytes for identical songs (deterministic)', () => {
    expect(writeSong(richSong())).toEqual(writeSong(richSong()))
  })

  it('rejects out-of-range values with a message naming the value', () => {
    const bad = (patch: Partial<Song>) => () => writeSong({ ...richSong(), ...patch })
    expect(bad({ tracks: [track(0, [[128, 0, 10, 64]])] })).toThrow(/note t0n0 pitch .* got 128/)
    expect(bad({ tracks: [track(0, [[60, 0, 10, 0]])] })).toThrow(/velocity .* got 0/)
    expect(bad({ tracks: [track(0, [[60, 0, 0, 64]])] })).toThrow(/durationTicks .* got 0/)
    expect(bad({ tracks: [track(0, [[60, 0.5, 10, 64]])] })).toThrow(/startTick .* got 0.5/)
    expect(bad({ tracks: [track(16, [[60, 0, 10, 64]])] })).toThrow(/channel .* got 16/)
    expect(bad({ tempos: [{ tick: 0, bpm: 0 }] })).toThrow(/tempo/)
    expect(bad({ timeSignatures: [{ tick: 0, numerator: 3, denominator: 5 }] })).toThrow(
      /denominator .* got 5/,
    )
    expect(bad({ ppq: 0 })).toThrow(/ppq .* got 0/)
  })
})
