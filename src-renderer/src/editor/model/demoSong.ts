// Deterministic songs built in code, for tests, the bench and an empty editor: no files, seeded RNG.
import type { Note, Song, Track } from '@common/music/song'
import type { NoteId, TrackId } from '@common/music/units'

/** Mulberry32: tiny seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An empty 4/4, 120 BPM song with one piano track. */
export function emptySong(name = 'untitled', ppq = 480): Song {
  const track: Track = { id: 'track1' as TrackId, name: 'Piano', channel: 0, program: 0, notes: [] }
  return {
    name,
    ppq,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: [track],
  }
}

/** Builds a song from compact `[pitch, startTick, durationTicks, velocity?]` rows per track. */
export function songFromRows(
  rows: readonly (readonly (readonly number[])[])[],
  opts: { ppq?: number; bpm?: number } = {},
): Song {
  const base = emptySong('test', opts.ppq ?? 480)
  const tracks: Track[] = rows.map((r, ti) => ({
    id: `track${ti + 1}` as TrackId,
    name: `Track ${ti + 1}`,
    channel: ti,
    program: 0,
    notes: r
      .map(([pitch, startTick, durationTicks, velocity], i) => ({
        id: `t${ti}n${i}` as NoteId,
        pitch,
        startTick,
        durationTicks,
        velocity: velocity ?? 100,
      }))
      .sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch),
  }))
  return { ...base, tempos: [{ tick: 0, bpm: opts.bpm ?? 120 }], tracks }
}

/**
 * A random but musical-looking song of `notes` notes over `tracks` tracks (16th grid, C major-ish,
 * velocities 40..120), for the bench and stress tests.
 */
export function randomSong(opts: { notes: number; tracks?: number; seed?: number; ppq?: number }): Song {
  const rnd = seededRandom(opts.seed ?? 1)
  const ppq = opts.ppq ?? 480
  const nTracks = opts.tracks ?? 2
  const scale = [0, 2, 4, 5, 7, 9, 11]
  const tracks: Track[] = []
  for (let ti = 0; ti < nTracks; ti++) {
    const count = Math.floor(opts.notes / nTracks) + (ti < opts.notes % nTracks ? 1 : 0)
    const notes: Note[] = []
    let tick = 0
    const base = ti === 0 ? 60 : 43
    for (let i = 0; i < count; i++) {
      tick += Math.floor(rnd() * 3) * (ppq / 4)
      const pitch =
        base + Math.floor(rnd() * 3) * 12 + scale[Math.floor(rnd() * 7)] - 12 * (rnd() < 0.2 ? 1 : 0)
      const durationTicks = (1 + Math.floor(rnd() * 4)) * (ppq / 4)
      notes.push({
        id: `t${ti}n${i}` as NoteId,
        pitch,
        startTick: tick,
        durationTicks,
        velocity: 40 + Math.floor(rnd() * 80),
      })
    }
    notes.sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
    tracks.push({
      id: `track${ti + 1}` as TrackId,
      name: ti === 0 ? 'Right hand' : 'Left hand',
      channel: ti,
      program: 0,
      notes,
    })
  }
  return { ...emptySong('random', ppq), tracks }
}
