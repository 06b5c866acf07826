// Live playback in Chromium: the sampled grand and a GM voice both sound through the shared native context
// (measured on the output with an AnalyserNode), and every sound bank loads (no fallback voice).
import { afterEach, describe, expect, it } from 'vitest'
import * as Tone from 'tone'
import { baseSong, notesFrom, trackOf } from '@common/midi/testSongs'
import type { Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { PlaybackEngine } from './engine'
import { Playback } from './Playback.svelte'

// One A4 eight beats long, so a loaded machine that starts the Transport late still hears the note.
const song = (program: number): Song =>
  baseSong({ name: 'live', tracks: [trackOf('t', notesFrom([[69, 0, 3840, 100]]), { program })] })
/** RMS above which the output counts as sounding. */
const AUDIBLE = 0.01
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let playback: Playback | null = null
afterEach(() => {
  playback?.dispose()
  playback = null
})

/**
 * Peak RMS on the output within `ms` after playing `s`, returning as soon as it is audible. Polling rather than
 * one fixed window: on a loaded CI machine the first note can sound a second or more after play() resolves.
 */
async function outputLevel(s: Song, ms: number): Promise<number> {
  const p = (playback = new Playback(() => ({
    song: s,
    muted: new Set(),
    solo: new Set(),
    loop: { startTick: 0, endTick: 0, enabled: false },
  })))
  const ctx = Tone.getContext().rawContext as unknown as AudioContext
  const analyser = ctx.createAnalyser()
  analyser.fftSize = 2048
  Tone.getDestination().connect(analyser)
  await p.play()
  expect(p.soundError).toBeNull()
  expect(ctx.state).toBe('running')
  const buf = new Float32Array(analyser.fftSize)
  let peak = 0
  const until = performance.now() + ms
  while (peak <= AUDIBLE && performance.now() < until) {
    await sleep(50)
    analyser.getFloatTimeDomainData(buf)
    peak = Math.max(peak, Math.sqrt(buf.reduce((a, v) => a + v * v, 0) / buf.length))
  }
  p.stop()
  Tone.getDestination().disconnect(analyser)
  return peak
}

describe('live playback', () => {
  it('sounds the sampled grand on a piano track', async () => {
    expect(await outputLevel(song(0), 4000)).toBeGreaterThan(AUDIBLE)
  }, 30_000)
  it('sounds the GM bank on a violin track (program 41)', async () => {
    expect(await outputLevel(song(40), 4000)).toBeGreaterThan(AUDIBLE)
  }, 30_000)
})

describe('transport start', () => {
  // Tone 15.5 skipped the first tick when the start time came back from seconds→ticks→seconds one ulp low: the
  // notes at the playhead were never scheduled. Found in CI as a silent first note.
  it('plays the note at the playhead for start times Tone cannot round-trip', async () => {
    const engine = new PlaybackEngine()
    engine.internalSound = false
    let heard = 0
    engine.listener = { note: () => heard++, control: () => {}, transport: () => {} }
    const src = { song: song(0), muted: new Set<TrackId>(), solo: new Set<TrackId>() }
    const loop = { startTick: 0, endTick: 0, enabled: false }
    await engine.start()
    try {
      for (let i = 0; i < 8; i++) {
        // The next start time ≥ 0.3 s ahead whose round trip through Tone's tick clock falls short (about one in
        // eight are, but some stretches of seconds have none, so the search may land a few seconds ahead).
        const bpm = Tone.getTransport().bpm
        const from = Tone.now() + 0.3
        let at = from
        for (let k = 1; bpm.getTimeOfTick(bpm.getTicksAtTime(at)) >= at; k++) {
          expect(k, 'no start time Tone cannot round-trip within 5 s').toBeLessThan(400_000)
          at = from + k * 1.37e-5
        }
        const before = heard
        await engine.play({ ...src, loop }, at)
        // Until the note is heard, or well past its time (a loaded machine runs the Transport late).
        const until = performance.now() + (at - Tone.now()) * 1000 + 3000
        while (heard === before && performance.now() < until) await sleep(50)
        engine.stop()
        expect(heard - before, `start at ${at}`).toBe(1)
      }
    } finally {
      engine.dispose()
    }
  }, 30_000)
})
