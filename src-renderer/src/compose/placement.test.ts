// Placement: the audition song times its notes as the inserted notes are timed by the song's tempo map (the full
// insert + schedule check is in ComposeSession.svelte.test.ts), keep beats vs keep seconds, key fitting, quantize
// with strength, trimming to bars, continuations; and the bars → events estimate.
import { describe, expect, it } from 'vitest'
import { generateSampleSchema } from '@common/ipc/training'
import type { Song } from '@common/music/song'
import { ticksToSeconds } from '@common/music/time'
import { oneTrackSong } from '@common/midi/testSongs'
import { eventsForBars, eventsPerQuarter, generatedQuarters } from './lengthInBars'
import { appendTick, auditionSong, placeCandidate, type PlacementOptions } from './placement'

/** A one-track song from [pitch, start, duration] rows. */
const song = oneTrackSong

/** What the generator returns: 384 PPQ at the writer's 45 BPM. */
const generated = song(
  384,
  [
    [61, 96, 192],
    [66, 288, 96],
    [63, 384, 384],
    [70, 960, 200],
  ],
  { tempos: [{ tick: 0, bpm: 45 }] },
)

/** A song with tempo and meter changes after its one note (so the phrase crosses them). */
const target = song(480, [[48, 0, 1000]], {
  tempos: [
    { tick: 0, bpm: 100 },
    { tick: 2400, bpm: 72 },
    { tick: 3000, bpm: 150 },
  ],
  timeSignatures: [
    { tick: 0, numerator: 4, denominator: 4 },
    { tick: 1920, numerator: 3, denominator: 4 },
  ],
})

const beats: PlacementOptions = { timing: 'beats', quantize: null }
const seconds: PlacementOptions = { timing: 'seconds', quantize: null }

/** [onset, duration] in seconds of `notes` placed at `at` in `s`, relative to `at`, through its tempo map. */
function timesIn(s: Song, at: number, notes: readonly { startTick: number; durationTicks: number }[]) {
  const t0 = ticksToSeconds(s, at)
  return notes.map((n) => {
    const on = ticksToSeconds(s, at + n.startTick)
    return [on - t0, ticksToSeconds(s, at + n.startTick + n.durationTicks) - on]
  })
}

describe('placement', () => {
  it('goes after the last bar under the meter map, not assuming 4/4', () => {
    // The note ends at 1000 inside bar 1 (4/4, 1920); bar 2 at 1920 opens 3/4.
    expect(appendTick(target)).toBe(1920)
    const waltz = song(480, [[60, 1500, 100]], {
      timeSignatures: [{ tick: 0, numerator: 3, denominator: 4 }],
    })
    expect(appendTick(waltz)).toBe(2880)
  })

  for (const [name, options] of [
    ['keep beats', beats],
    ['keep seconds', seconds],
  ] as const) {
    it(`times the audition song as the song times the placed notes (${name})`, () => {
      const p = placeCandidate({ song: generated }, target, options)
      const heard = timesIn(auditionSong(target, p), 0, p.notes)
      const inserted = timesIn(target, p.atTick, p.notes)
      expect(heard).toHaveLength(4)
      expect(heard.length).toBe(inserted.length)
      heard.forEach(([t, d], i) => {
        expect(t).toBeCloseTo(inserted[i][0], 9)
        expect(d).toBeCloseTo(inserted[i][1], 9)
      })
    })
  }

  it('keep beats maps generated quarters to song quarters; keep seconds keeps the 45 BPM timing', () => {
    const flat = song(480, [], { tempos: [{ tick: 0, bpm: 120 }] })
    const b = placeCandidate({ song: generated }, flat, beats)
    expect(b.notes.map((n) => [n.startTick, n.durationTicks])).toEqual([
      [0, 240],
      [240, 120],
      [360, 480],
      [1080, 250],
    ])
    const s = placeCandidate({ song: generated }, flat, seconds)
    // At 45 BPM a generated quarter lasts 4/3 s = 8/3 song quarters at 120 BPM.
    expect(s.notes.map((n) => n.startTick)).toEqual([0, 640, 960, 2880])
    const genSeconds = ticksToSeconds(generated, 960) - ticksToSeconds(generated, 96)
    expect(ticksToSeconds(flat, s.notes[3].startTick)).toBeCloseTo(genSeconds, 2)
  })

  it('fits pitches to a key, quantizes with strength and merges what meets, trims to bars', () => {
    const flat = song(480, [])
    const cm = { root: 0, scale: 'major' as const }
    const fitted = placeCandidate({ song: generated, key: cm }, flat, beats)
    expect(fitted.notes.map((n) => n.pitch)).toEqual([60, 65, 62, 69])
    const wobbly = song(384, [
      [60, 0, 96],
      [60, 40, 96],
      [64, 170, 96],
    ])
    const full = placeCandidate({ song: wobbly }, flat, {
      timing: 'beats',
      quantize: { grid: 240, strength: 1 },
    })
    expect(full.notes.map((n) => [n.pitch, n.startTick, n.durationTicks])).toEqual([
      [60, 0, 120],
      [64, 240, 120],
    ])
    const half = placeCandidate({ song: wobbly }, flat, {
      timing: 'beats',
      quantize: { grid: 240, strength: 0.5 },
    })
    expect(half.notes.map((n) => n.startTick)).toEqual([0, 25, 227])
    // One bar of 4/4 = 1920 ticks: the note at 1080+250 fits, a note starting at 2000 would not.
    const long = song(384, [
      [60, 0, 96],
      [62, 1600, 600],
    ])
    const one = placeCandidate({ song: long, bars: 1 }, flat, beats)
    expect(one.notes.map((n) => [n.startTick, n.durationTicks])).toEqual([[0, 120]])
    const two = placeCandidate({ song: long, bars: 2 }, flat, beats)
    expect(two.notes.map((n) => [n.startTick, n.durationTicks])).toEqual([
      [0, 120],
      [2000, 750],
    ])
  })

  it('places a continuation at its primer, keeping beats whatever the mode', () => {
    const primed = song(384, [
      [60, 0, 96],
      [62, 192, 96],
    ])
    const p = placeCandidate({ song: primed, primerNotes: 1, primerAtTick: 700 }, target, seconds)
    expect(p).toMatchObject({ atTick: 700, timing: 'beats' })
    expect(p.notes.map((n) => [n.pitch, n.startTick])).toEqual([[62, 240]])
  })

  it('auditions on the receiving track’s instrument and mixer, a new track’s grand piano by default', () => {
    const p = placeCandidate({ song: generated }, target, beats)
    expect(auditionSong(target, p).tracks[0]).toMatchObject({ channel: 0, program: 0 })
    const flute = { channel: 3, program: 73, volume: 90, pan: 20 }
    expect(auditionSong(target, p, 'a', flute).tracks[0]).toMatchObject(flute)
  })

  it('scales velocities by the velocity setting, clamped to 1..127', () => {
    const one = song(96, [[60, 0, 48]]) // velocity 80
    const vel = (velocityScale: number) =>
      placeCandidate({ song: one }, target, { ...beats, velocityScale }).notes[0].velocity
    expect(placeCandidate({ song: one }, target, beats).notes[0].velocity).toBe(80)
    expect(vel(1.2)).toBe(96)
    expect(vel(3)).toBe(127)
    expect(vel(0.001)).toBe(1)
    expect(() => vel(0)).toThrow(/velocity scale/)
  })
})

describe('length in bars', () => {
  it('measures events per generated quarter from raw output', () => {
    // 4 onsets over 864 ticks = 2.25 quarters → 3 steps / 2.25.
    expect(eventsPerQuarter([generated], 4)).toBeCloseTo(3 / 2.25)
    expect(eventsPerQuarter([song(384, [[60, 0, 10]])], 1)).toBeNull()
  })

  it('turns bars into events through the meter and the timing mode', () => {
    const flat = song(480, [])
    expect(generatedQuarters({ bars: 2, song: flat, atTick: 0, timing: 'beats' })).toBe(8)
    // 2 bars at 120 BPM = 4 s = 3 quarters at 45 BPM.
    expect(generatedQuarters({ bars: 2, song: flat, atTick: 0, timing: 'seconds' })).toBeCloseTo(3)
    expect(generatedQuarters({ bars: 2, song: target, atTick: 1920, timing: 'beats' })).toBe(6)
    expect(eventsForBars({ bars: 2, song: flat, atTick: 0, timing: 'beats', rate: 2 })).toBe(21)
    expect(() => eventsForBars({ bars: 0, song: flat, atTick: 0, timing: 'beats', rate: 2 })).toThrow(/bars/)
  })

  it('asks at most the longest phrase main accepts', () => {
    const long = eventsForBars({ bars: 64, song: song(480, []), atTick: 0, timing: 'beats', rate: 50 })
    const asks = (length: number) =>
      generateSampleSchema.safeParse({ runId: 'r', count: 1, seed: 1, length }).success
    // 64 bars at 50 events a quarter would be 16 001: capped where main's own schema stops.
    expect(asks(long)).toBe(true)
    expect(asks(long + 1)).toBe(false)
  })
})
