import { describe, expect, it } from 'vitest'
import { baseSong } from '@common/midi/testSongs'
import type { Song } from '@common/music/song'
import { clockPulses } from './clock'
import { controlChange, noteOff, noteOn, parseMessage, songPosition } from './messages'
import { takeToNotes, type TakeEvent } from './take'

// 120 BPM, 480 ppq: one second = 960 ticks.
const song = baseSong({ name: 't' })
const ev = (ms: number, bytes: number[]): TakeEvent => ({ ms, msg: parseMessage(bytes) })

describe('MIDI messages', () => {
  it('encodes channel messages and the song position pointer, and refuses bad values', () => {
    expect(noteOn(9, 36, 100)).toEqual([0x99, 36, 100])
    expect(noteOff(0, 60)).toEqual([0x80, 60, 64])
    expect(controlChange(3, 64, 127)).toEqual([0xb3, 64, 127])
    expect(songPosition(300)).toEqual([0xf2, 300 & 0x7f, 300 >> 7])
    expect(() => noteOn(16, 60, 1)).toThrow(/channel/)
    expect(() => noteOn(0, 128, 1)).toThrow(/pitch/)
  })
  it('decodes a keyboard’s messages; note-on at velocity 0 is a note-off', () => {
    expect(parseMessage([0x92, 61, 40])).toEqual({ kind: 'noteOn', channel: 2, pitch: 61, velocity: 40 })
    expect(parseMessage([0x92, 61, 0])).toEqual({ kind: 'noteOff', channel: 2, pitch: 61 })
    expect(parseMessage([0xb0, 64, 0])).toEqual({ kind: 'cc', channel: 0, controller: 64, value: 0 })
    expect(parseMessage([0xf8]).kind).toBe('other')
  })
})

describe('MIDI clock', () => {
  it('gives 24 pulses per quarter note and follows a tempo change', () => {
    expect(clockPulses(song, 0, 0.5)).toHaveLength(24) // one quarter at 120 BPM
    const p = clockPulses(song, 0, 0.1)
    expect(p[1] - p[0]).toBeCloseTo(0.5 / 24)
    const slower: Song = { ...song, tempos: [...song.tempos, { tick: 480, bpm: 60 }] }
    const q = clockPulses(slower, 0.5, 1.5) // the second quarter, at 60 BPM, lasts 1 s
    expect(q).toHaveLength(24)
    expect(q[1] - q[0]).toBeCloseTo(1 / 24)
  })
})

describe('recorded takes', () => {
  it('turns timed messages into notes from the origin, with pedal and a held note closed at the end', () => {
    const { notes, pedal } = takeToNotes(
      song,
      [
        ev(1000, [0x90, 60, 90]),
        ev(1500, [0x80, 60, 0]),
        ev(1510, [0xb0, 64, 127]),
        ev(2000, [0x90, 64, 70]),
      ],
      { ms: 1000, tick: 960 },
      2250,
    )
    expect(notes).toEqual([
      { pitch: 60, startTick: 960, durationTicks: 480, velocity: 90 },
      { pitch: 64, startTick: 1920, durationTicks: 240, velocity: 70 },
    ])
    expect(pedal).toEqual([{ tick: 1450, controller: 64, value: 127 }])
  })
  it('quantizes note starts to the input grid and folds loop passes back into the loop', () => {
    const take = [
      ev(0 + 130, [0x90, 60, 80]),
      ev(300, [0x80, 60, 0]),
      ev(2130, [0x90, 62, 80]),
      ev(2300, [0x80, 62, 0]),
    ]
    const { notes } = takeToNotes(
      song,
      take,
      {
        ms: 0,
        tick: 0,
        loop: { startTick: 0, endTick: 1920 },
        gridTicks: 120,
      },
      2400,
    )
    // 130 ms = 124.8 ticks → 120; the second pass (2.13 s) folds to 0.13 s of the 2 s loop → 120 too.
    expect(notes.map((n) => [n.pitch, n.startTick])).toEqual([
      [60, 120],
      [62, 120],
    ])
  })
})
