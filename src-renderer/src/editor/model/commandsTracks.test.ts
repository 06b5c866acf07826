// Import as new tracks: the file's tracks are appended with fresh ids, beats kept (PPQ rescaled), the song's own
// tempo and meter kept, each track's program, mixer and pedal kept; a file without notes is refused by name.
import { describe, expect, it } from 'vitest'
import { addTracksFrom } from './commandsTracks'
import { songFromRows } from './demoSong'

describe('addTracksFrom', () => {
  it('appends the tracks with notes, rescaled to the song PPQ, keeping the song tempo', () => {
    const song = songFromRows([[[60, 0, 480]]], { ppq: 480, bpm: 90 })
    const file = {
      ...songFromRows([[[64, 96, 96]], [], [[40, 0, 192, 70]]], { ppq: 96, bpm: 140 }),
      name: 'tune',
    }
    const r = addTracksFrom(song, file)
    expect(r.song.tracks.map((t) => t.name)).toEqual(['Track 1', 'tune: Track 1', 'tune: Track 3'])
    expect(r.trackIds).toHaveLength(2)
    expect(r.song.tracks[1].notes.map((n) => [n.pitch, n.startTick, n.durationTicks])).toEqual([
      [64, 480, 480],
    ])
    expect(r.song.tracks[2].notes.map((n) => [n.pitch, n.startTick, n.durationTicks, n.velocity])).toEqual([
      [40, 0, 960, 70],
    ])
    expect(r.song.tempos).toEqual(song.tempos)
    const ids = r.song.tracks.flatMap((t) => t.notes.map((n) => n.id))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('keeps each track’s program, volume, pan and sustain pedal, the pedal rescaled with the notes', () => {
    const song = songFromRows([[[60, 0, 480]]], { ppq: 480 })
    const raw = songFromRows([[[64, 96, 96]]], { ppq: 96 })
    const pedal = [
      { tick: 96, controller: 64, value: 127 },
      { tick: 192, controller: 64, value: 0 },
    ]
    const file = {
      ...raw,
      tracks: [{ ...raw.tracks[0], program: 40, volume: 90, pan: 20, controllers: pedal }],
    }
    const added = addTracksFrom(song, file).song.tracks[1]
    expect(added).toMatchObject({ program: 40, volume: 90, pan: 20 })
    expect(added.controllers?.map((c) => [c.tick, c.value])).toEqual([
      [480, 127],
      [960, 0],
    ])
  })

  it('refuses a file without notes, naming it', () => {
    const song = songFromRows([[]])
    expect(() => addTracksFrom(song, { ...songFromRows([[]]), name: 'empty.mid' })).toThrow(
      /'empty.mid' has no notes/,
    )
  })
})
