import { describe, expect, it } from 'vitest'
import type { Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { setTrackMix, setTrackSound } from './commandsMixer'

const a = 'a' as TrackId
const song: Song = {
  name: 's',
  ppq: 480,
  tempos: [{ tick: 0, bpm: 120 }],
  timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
  tracks: [
    { id: a, name: 'A', channel: 0, program: 0, notes: [] },
    { id: 'b' as TrackId, name: 'B', channel: 1, program: 40, notes: [] },
  ],
}

describe('track sound commands', () => {
  it('moves a track onto channel 10 for drums and back onto a free melodic channel', () => {
    const drums = setTrackSound(song, { trackId: a, program: 0, drums: true })
    expect(drums.tracks[0].channel).toBe(9)
    const back = setTrackSound(drums, { trackId: a, program: 73, drums: false })
    expect([back.tracks[0].channel, back.tracks[0].program]).toEqual([0, 73])
    expect(setTrackSound(song, { trackId: a, program: 0, drums: false })).toBe(song)
    expect(() => setTrackSound(song, { trackId: a, program: 128, drums: false })).toThrow(/0\.\.127/)
  })
  it('sets volume and pan independently, and refuses out-of-range values', () => {
    const s = setTrackMix(setTrackMix(song, { trackId: a, volume: 80 }), { trackId: a, pan: 20 })
    expect([s.tracks[0].volume, s.tracks[0].pan]).toEqual([80, 20])
    expect(() => setTrackMix(song, { trackId: a, pan: -1 })).toThrow(/pan/)
  })
})
