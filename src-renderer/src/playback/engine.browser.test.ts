// Live playback in Chromium: the sampled grand and a GM voice both sound through the shared native context
// (measured on the output with an AnalyserNode), and every sound bank loads (no fallback voice).
import { afterEach, describe, expect, it } from 'vitest'
import * as Tone from 'tone'
import type { Song } from '@common/music/song'
import type { NoteId, TrackId } from '@common/music/units'
import { Playback } from './Playback.svelte'

const song = (program: number): Song => ({
  name: 'live',
  ppq: 480,
  tempos: [{ tick: 0, bpm: 120 }],
  timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
  tracks: [
    {
      id: 't' as TrackId,
      name: 'T',
      channel: 0,
      program,
      notes: [{ id: 'n' as NoteId, pitch: 69, startTick: 0, durationTicks: 1920, velocity: 100 }],
    },
  ],
})
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let playback: Playback | null = null
afterEach(() => {
  playback?.dispose()
  playback = null
})

/** Peak RMS on the output over `ms` after playing `s`. */
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
  const buf = new Float32Array(analyser.fftSize)
  let peak = 0
  for (let t = 0; t < ms; t += 50) {
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
    expect(await outputLevel(song(0), 600)).toBeGreaterThan(0.01)
  }, 30_000)
  it('sounds the GM bank on a violin track (program 41)', async () => {
    expect(await outputLevel(song(40), 600)).toBeGreaterThan(0.01)
  }, 30_000)
})
