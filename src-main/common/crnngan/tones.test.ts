import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { callInWorker } from '../../../tests/support/tsWorker'
import { MidiFormatError } from '../midi/errors'
import { encodeSmf, tempoEvent } from '../midi/smfWrite'
import { track } from '../midi/testSongs'
import type { Song } from '../music/song'
import { Rng } from '../random'
import { referenceTones } from './testing/tonesReference'
import { readTones, tonesFromSong, TONE_PPQ, type Tone } from './tones'
import { midiToHz } from '../music/pitch'

const on = (tick: number, pitch: number, vel: number, ch = 0) => ({ tick, bytes: [0x90 | ch, pitch, vel] })
const off = (tick: number, pitch: number, ch = 0) => ({ tick, bytes: [0x80 | ch, pitch, 0] })

describe('readTones (spec §2.2)', () => {
  it('rescales to 384 PPQ, ignores tempo, and reports Hz and raw velocity', () => {
    const bytes = encodeSmf(0, 96, [
      { events: [{ tick: 0, bytes: tempoEvent(200) }, on(24, 69, 100), off(120, 69)] },
    ])
    expect(readTones(bytes)).toEqual([{ begin: 96, length: 384, freq: 440, velocity: 100 }])
  })

  it('keeps fractional ticks when the resolution does not divide 384', () => {
    const bytes = encodeSmf(0, 480, [{ events: [on(1, 60, 1), off(2, 60)] }])
    const [t] = readTones(bytes)
    expect(t.begin).toBeCloseTo(0.8, 12)
    expect(t.length).toBeCloseTo(0.8, 12)
  })

  it('a note-off (or NoteOn velocity 0) closes EVERY open note of that pitch in the track, across channels', () => {
    const bytes = encodeSmf(0, 384, [
      {
        events: [
          on(0, 60, 10),
          on(100, 60, 20, 1),
          on(150, 64, 30),
          { tick: 200, bytes: [0x92, 60, 0] },
          off(500, 64),
        ],
      },
    ])
    expect(readTones(bytes).map((t) => [t.begin, t.length, t.velocity])).toEqual([
      [0, 200, 10],
      [100, 100, 20],
      [150, 350, 30],
    ])
  })

  it('gives unclosed notes length 384, processes tracks independently, and sorts stably by begin', () => {
    const bytes = encodeSmf(1, 192, [
      // Track 0: a note closed late (appended when closed) and one never closed.
      { events: [on(0, 72, 1), on(0, 76, 2), off(96, 76), off(192, 72)] },
      // Track 1: absolute ticks restart at 0; its onset at 0 sorts after track 0's (stable), and 79 stays open.
      { events: [on(0, 48, 3), off(48, 48), on(48, 79, 4)] },
    ])
    expect(readTones(bytes).map((t) => [t.begin, t.length, t.velocity])).toEqual([
      [0, 192, 2], // 76 closed first, so it precedes 72 at equal begin
      [0, 384, 1],
      [0, 96, 3],
      [96, TONE_PPQ, 4],
    ])
  })

  it('returns [] for a valid file without notes and throws MidiFormatError for garbage', () => {
    expect(readTones(encodeSmf(0, 96, [{ events: [] }]))).toEqual([])
    expect(() => readTones(new Uint8Array([0, 1, 2]))).toThrow(MidiFormatError)
  })
})

/** Random tracks over a few pitches: overlapping same-pitch notes, offs with nothing open, unclosed notes. */
function randomFile(seed: number): Uint8Array {
  const rng = new Rng(seed)
  const int = (n: number) => Math.floor(rng.uniform() * n)
  const tracks = Array.from({ length: 1 + int(3) }, () => {
    let tick = 0
    const events = Array.from({ length: int(300) }, () => {
      tick += int(4) * int(50)
      const pitch = 60 + int(1 + int(12))
      const r = rng.uniform()
      return r < 0.5
        ? on(tick, pitch, 1 + int(127), int(3))
        : r < 0.8
          ? off(tick, pitch, int(3))
          : on(tick, pitch, 0)
    })
    return { events }
  })
  return encodeSmf(1, [96, 384, 480, 1000][int(4)], tracks)
}

describe('readTones is linear and identical to the spec-literal pairing', () => {
  it('matches the rescanning reference (music_data_utils.py order) on 300 random files', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = randomFile(seed)
      expect(readTones(bytes), `seed ${seed}`).toEqual(referenceTones(bytes))
    }
  })

  /** `notes` held open, each followed by a note-off of a pitch nobody holds (the shape of the hostile files). */
  const manyOpen = (notes: number) => {
    const events = []
    for (let i = 0; i < notes; i++) events.push(on(i, 1 + (i % 126), 64), off(i, 127))
    return encodeSmf(0, 480, [{ events }])
  }

  it('pairs 100,000 notes held open without rescanning them (the rescan took 9 s for 30,000, minutes here)', async () => {
    expect(readTones(manyOpen(2000))).toEqual(referenceTones(manyOpen(2000)))
    const bytes = manyOpen(100_000)
    expect(bytes.length).toBeGreaterThan(500_000)
    // In a worker with a deadline, so a quadratic pairing fails the test instead of stalling the test process.
    const started = performance.now()
    const outcome = await callInWorker<Tone[]>(
      resolve(import.meta.dirname, 'tones.ts'),
      'readTones',
      [bytes],
      30_000,
    )
    console.info(
      `readTones, 100,000 open notes: ${(performance.now() - started).toFixed(0)} ms incl. worker start`,
    )
    expect(outcome.ok).toBe(true)
    const tones = outcome.ok ? outcome.value : []
    expect(tones).toHaveLength(100_000)
    expect(tones.every((t) => t.length === TONE_PPQ)).toBe(true)
  })
})

describe('tonesFromSong', () => {
  it('maps a Song to tones in 384-PPQ ticks', () => {
    const song: Song = {
      name: 's',
      ppq: 96,
      tempos: [{ tick: 0, bpm: 120 }],
      timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
      tracks: [track(0, [[69, 96, 48, 80]]), track(1, [[57, 0, 96, 70]])],
    }
    expect(tonesFromSong(song)).toEqual([
      { begin: 0, length: 384, freq: midiToHz(57), velocity: 70 },
      { begin: 384, length: 192, freq: 440, velocity: 80 },
    ])
  })
})
