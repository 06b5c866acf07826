import { Midi } from '@tonejs/midi'
import { describe, expect, it } from 'vitest'
import { MidiFormatError } from './errors'
import { readSong } from './readSong'
import { parseSmf } from './smfParse'
import { encodeSmf, tempoEvent, textEvent } from './smfWrite'
import { richSong } from './testSongs'
import { writeSong } from './writeSong'

const reasonOf = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(MidiFormatError)
    return (e as MidiFormatError).reason
  }
  return 'no error'
}

describe('readSong', () => {
  it('reads a file written by an independent encoder (@tonejs/midi)', () => {
    const midi = new Midi()
    midi.header.setTempo(90)
    midi.header.timeSignatures.push({ ticks: 0, timeSignature: [3, 4] })
    midi.header.update()
    const t = midi.addTrack()
    t.name = 'Flute'
    t.channel = 2
    t.instrument.number = 73
    t.addNote({ midi: 72, ticks: 0, durationTicks: 240, velocity: 100 / 127 })
    t.addNote({ midi: 74, ticks: 240, durationTicks: 480, velocity: 50 / 127 })
    const song = readSong(midi.toArray())
    expect(song.ppq).toBe(midi.header.ppq)
    expect(song.tempos).toEqual([{ tick: 0, bpm: expect.closeTo(90, 3) }])
    expect(song.timeSignatures).toEqual([{ tick: 0, numerator: 3, denominator: 4 }])
    expect(song.tracks).toHaveLength(1)
    const [tr] = song.tracks
    expect([tr.name, tr.channel, tr.program]).toEqual(['Flute', 2, 73])
    expect(tr.notes.map((n) => [n.id, n.pitch, n.startTick, n.durationTicks, n.velocity])).toEqual([
      ['t0n0', 72, 0, 240, 100],
      ['t0n1', 74, 240, 480, 50],
    ])
  })

  it('splits a type-0 track by channel, pairs NoteOn velocity 0 as off, keeps tempo from note-less tracks', () => {
    const bytes = encodeSmf(0, 96, [
      {
        events: [
          { tick: 0, bytes: tempoEvent(75) },
          { tick: 0, bytes: [0xc1, 40] },
          { tick: 0, bytes: [0x90, 60, 100] },
          { tick: 0, bytes: [0x91, 48, 90] },
          { tick: 96, bytes: [0x90, 60, 0] },
          { tick: 96, bytes: [0x90, 60, 80] }, // re-strike at the same tick
          { tick: 192, bytes: [0x81, 48, 64] },
          { tick: 200, bytes: [0x80, 60, 0] },
        ],
      },
    ])
    const song = readSong(bytes, { name: 'mixed' })
    expect(song.name).toBe('mixed')
    expect(song.tempos[0].bpm).toBeCloseTo(75, 3)
    expect(song.tracks.map((t) => [t.id, t.channel, t.program])).toEqual([
      ['t0', 0, 0],
      ['t1', 1, 40],
    ])
    expect(song.tracks[0].notes.map((n) => [n.pitch, n.startTick, n.durationTicks])).toEqual([
      [60, 0, 96],
      [60, 96, 104],
    ])
    expect(song.tracks[1].notes.map((n) => [n.pitch, n.startTick, n.durationTicks])).toEqual([[48, 0, 192]])
  })

  it('drops note-less tracks but gathers tempo changes from every track (type 1)', () => {
    const song = richSong()
    const back = readSong(writeSong(song))
    expect(back.tracks).toHaveLength(2)
    expect(back.tempos.map((t) => t.tick)).toEqual([0, 1920, 3840])
    expect(back.name).toBe('Fixture Étude')
  })

  it('inserts 120 BPM and 4/4 at tick 0 when the file has none', () => {
    const bytes = encodeSmf(0, 480, [
      {
        events: [
          { tick: 0, bytes: [0x90, 60, 1] },
          { tick: 10, bytes: [0x80, 60, 0] },
        ],
      },
    ])
    const song = readSong(bytes)
    expect(song.tempos).toEqual([{ tick: 0, bpm: 120 }])
    expect(song.timeSignatures).toEqual([{ tick: 0, numerator: 4, denominator: 4 }])
    expect(song.name).toBe('untitled')
  })

  it('throws a MidiFormatError with a stable reason for each kind of bad input', () => {
    const good = writeSong(richSong())
    expect(reasonOf(() => readSong(new Uint8Array(0)))).toBe('empty')
    expect(reasonOf(() => readSong(new TextEncoder().encode('<html>not midi</html>')))).toBe('not-midi')
    expect(reasonOf(() => readSong(good.subarray(0, 10)))).toBe('truncated')
    expect(reasonOf(() => readSong(good.subarray(0, good.length - 7)))).toBe('truncated')
    expect(reasonOf(() => readSong(good, { maxBytes: 100 }))).toBe('too-large')
    const noNotes = encodeSmf(1, 480, [{ events: [{ tick: 0, bytes: textEvent(0x03, 'empty') }] }])
    expect(reasonOf(() => readSong(noNotes))).toBe('no-notes')
    const badStatus = encodeSmf(0, 480, [
      {
        events: [
          { tick: 0, bytes: [0x90, 60, 1] },
          { tick: 1, bytes: [0xf4, 1] },
        ],
      },
    ])
    expect(reasonOf(() => readSong(badStatus))).toBe('corrupt')
    const badTempo = encodeSmf(0, 480, [{ events: [{ tick: 0, bytes: [0xff, 0x51, 0x02, 1, 1] }] }])
    expect(reasonOf(() => readSong(badTempo))).toBe('corrupt')
  })

  it('names the input in error messages', () => {
    expect(() => readSong(new Uint8Array([1, 2, 3, 4]), { name: 'bad.mid' })).toThrow(
      /bad\.mid.*not a MIDI file/,
    )
  })

  it('reads RIFF-wrapped (RMID) files', () => {
    const smf = writeSong(richSong())
    const riff = new Uint8Array(20 + smf.length)
    const dv = new DataView(riff.buffer)
    riff.set(new TextEncoder().encode('RIFF'), 0)
    dv.setUint32(4, 12 + smf.length, true)
    riff.set(new TextEncoder().encode('RMIDdata'), 8)
    dv.setUint32(16, smf.length, true)
    riff.set(smf, 20)
    expect(readSong(riff).tracks).toEqual(readSong(smf).tracks)
  })
})

describe('parseSmf event limit', () => {
  it("stops with 'too-large' as soon as a file holds more kept events than maxEvents, across tracks", () => {
    const notes = (n: number) => ({
      events: Array.from({ length: n }, (_, i) => ({ tick: i, bytes: [0x90, 60, i % 2 ? 0 : 64] })),
    })
    const bytes = encodeSmf(1, 96, [notes(600), notes(600)])
    expect(parseSmf(bytes, 'x', { maxEvents: 1200 }).tracks.flat()).toHaveLength(1200)
    expect(() => parseSmf(bytes, 'big.mid', { maxEvents: 1199 })).toThrow(
      /big\.mid: track 1: more than 1199 note, tempo and text events \(the limit per file\)/,
    )
    expect(reasonOf(() => parseSmf(bytes, 'x', { maxEvents: 1000 }))).toBe('too-large')
    expect(parseSmf(bytes).tracks).toHaveLength(2) // no limit by default
  })
})
