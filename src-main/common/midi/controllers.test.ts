// Controller events (sustain pedal CC64 and others) and mixer volume/pan survive import → export → import,
// checked on built songs and on a real piano-midi.de file against an independent decoder (@tonejs/midi).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Midi } from '@tonejs/midi'
import { describe, expect, it } from 'vitest'
import { corpusDir, hasCorpus } from '../../../tests/support/corpus'
import { CC, type Song } from '../music/song'
import { readSong } from './readSong'
import { encodeSmf } from './smfWrite'
import { baseSong, track } from './testSongs'
import { writeSong } from './writeSong'

const song = (): Song =>
  baseSong({
    name: 'pedal',
    tracks: [
      track(
        0,
        [
          [60, 0, 240, 80],
          [64, 480, 240, 90],
        ],
        {
          volume: 90,
          pan: 30,
          controllers: [
            { tick: 0, controller: CC.sustain, value: 127 },
            { tick: 960, controller: CC.sustain, value: 0 },
            { tick: 1200, controller: 11, value: 70 },
          ],
        },
      ),
    ],
  })

describe('controllers in the song model', () => {
  it('round-trips the sustain pedal, other CCs and the track volume/pan', () => {
    const back = readSong(writeSong(song()))
    expect(back.tracks[0].controllers).toEqual(song().tracks[0].controllers)
    expect([back.tracks[0].volume, back.tracks[0].pan]).toEqual([90, 30])
  })

  it('writes CC64 an independent decoder reads, before a note-on at the same tick', () => {
    const midi = new Midi(writeSong(song()))
    const t = midi.tracks.find((x) => x.notes.length > 0)!
    expect(t.controlChanges[64].map((c) => [c.ticks, Math.round(c.value * 127)])).toEqual([
      [0, 127],
      [960, 0],
    ])
    expect(Math.round(t.controlChanges[7][0].value * 127)).toBe(90)
  })

  it('attaches a pedal written on a note-less track of the same channel to that channel’s notes', () => {
    const noteTrack = {
      events: [
        { tick: 0, bytes: [0x90, 60, 100] },
        { tick: 480, bytes: [0x80, 60, 0] },
      ],
    }
    const pedalTrack = {
      events: [
        { tick: 0, bytes: [0xb0, 64, 127] },
        { tick: 960, bytes: [0xb0, 64, 0] },
      ],
    }
    const s = readSong(encodeSmf(1, 480, [noteTrack, pedalTrack]))
    expect(s.tracks).toHaveLength(1)
    expect(s.tracks[0].controllers).toEqual([
      { tick: 0, controller: 64, value: 127 },
      { tick: 960, controller: 64, value: 0 },
    ])
  })

  const real = join(corpusDir, 'piano-midi-de/Chopin/chpn-p1.mid')
  it.skipIf(!hasCorpus)('keeps every CC64 of a real piano-midi.de file through export', () => {
    const bytes = new Uint8Array(readFileSync(real))
    const pedals = (m: Midi) =>
      m.tracks
        .flatMap((t) =>
          (t.controlChanges[64] ?? []).map((c) => `${t.channel}:${c.ticks}:${Math.round(c.value * 127)}`),
        )
        .sort()
    const want = pedals(new Midi(bytes))
    expect(want.length).toBeGreaterThan(20) // piano-midi.de pedals heavily; a file without pedal tests nothing
    const s = readSong(bytes, { name: 'chpn-p1' })
    const got = pedals(new Midi(writeSong(s)))
    expect(got).toEqual(want)
  })
})
