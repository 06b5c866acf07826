// Real audio rendering in Chromium: the shipped instruments (sampled grand, GM sound bank) rendered offline and
// measured: not silent, pitch of a held A4, onset timing, sustain pedal, and one WAV export decoded back.
import { describe, expect, it } from 'vitest'
import { baseSong, notesFrom, trackOf } from '@common/midi/testSongs'
import { CC, type ControllerEvent, type Song } from '@common/music/song'
import type { NoteId } from '@common/music/units'
import { detectOnsets, rms, spectralPeakHz } from './audioAnalysis'
import { renderWav } from './AudioExport.svelte'
import { renderSong } from './render'

const SR = 44_100
/** One-track song at 120 BPM (480 ppq: 1 s = 960 ticks). Notes: [pitch, startTick, durationTicks, velocity]. */
function phrase(program: number, notes: number[][], controllers?: ControllerEvent[], channel = 0): Song {
  return baseSong({
    name: 'phrase',
    tracks: [trackOf('t0', notesFrom(notes), { channel, program, controllers })],
  })
}
const mono = (b: AudioBuffer) => {
  const l = b.getChannelData(0)
  const r = b.getChannelData(1)
  return l.map((v, i) => (v + r[i]) / 2)
}
const sec = (s: number) => Math.round(s * SR)

describe.each([
  ['sampled grand (program 1)', 0],
  ['GM flute (program 74)', 73],
])('%s', (_name, program) => {
  it('renders a held A4 that is audible and peaks within 1 % of 440 Hz', async () => {
    const audio = mono(await renderSong(phrase(program, [[69, 0, 1920, 90]]), { sampleRate: SR }))
    expect(rms(audio, sec(0.1), sec(1.5))).toBeGreaterThan(0.01)
    const hz = spectralPeakHz(audio, SR, { start: sec(0.2), size: 32768 })
    expect(Math.abs(hz - 440) / 440).toBeLessThan(0.01)
  })

  it('starts each note within 10 ms of its scheduled time', async () => {
    // Onsets at 0.25, 0.75, 1.3, 1.85 s (960 ticks/s), staccato and apart so each attack rises from quiet.
    const starts = [240, 720, 1248, 1776]
    const song = phrase(
      program,
      starts.map((t, i) => [[60, 67, 64, 72][i], t, 96, 100]),
    )
    const audio = mono(await renderSong(song, { sampleRate: SR }))
    const onsets = detectOnsets(audio, SR)
    expect(onsets).toHaveLength(starts.length)
    onsets.forEach((t, i) => expect(Math.abs(t - starts[i] / 960)).toBeLessThan(0.01))
  })

  it('lets the sustain pedal (CC64) hold a released note', async () => {
    const note = [[60, 0, 192, 100]] // 0.2 s key press
    const pedal = [
      { tick: 0, controller: CC.sustain, value: 127 },
      { tick: 2880, controller: CC.sustain, value: 0 }, // up at 3 s
    ]
    const dry = mono(await renderSong(phrase(program, note), { sampleRate: SR, tailSeconds: 3 }))
    const wet = mono(await renderSong(phrase(program, note, pedal), { sampleRate: SR, tailSeconds: 1 }))
    const late = (x: Float32Array) => rms(x, sec(1), sec(2))
    expect(late(wet)).toBeGreaterThan(0.002)
    expect(late(wet)).toBeGreaterThan(10 * late(dry))
  })
})

describe.each([
  ['sampled grand', 0],
  ['GM strings (program 49)', 48],
])('mixer on the %s', (_name, program) => {
  it('pans a hard-left track to the left channel and scales it by its volume', async () => {
    const base = phrase(program, [[60, 0, 960, 100]])
    const withMix = (volume: number, pan: number): Song => ({
      ...base,
      tracks: [{ ...base.tracks[0], volume, pan }],
    })
    const left = await renderSong(withMix(127, 0), { sampleRate: SR, tailSeconds: 0.5 })
    const [l, r] = [left.getChannelData(0), left.getChannelData(1)].map((x) => rms(x, sec(0.1), sec(1)))
    expect(l).toBeGreaterThan(0.01)
    expect(r).toBeLessThan(l / 20)
    const quiet = await renderSong(withMix(64, 64), { sampleRate: SR, tailSeconds: 0.5 })
    const loud = await renderSong(withMix(127, 64), { sampleRate: SR, tailSeconds: 0.5 })
    const level = (b: AudioBuffer) => rms(mono(b), sec(0.1), sec(1))
    // GM's volume curve: (64/127)² ≈ 0.25 of the amplitude, within 30 %.
    expect(level(quiet) / level(loud)).toBeGreaterThan(0.25 * 0.7)
    expect(level(quiet) / level(loud)).toBeLessThan(0.25 * 1.3)
  })
})

describe('WAV export', () => {
  const song = phrase(0, [
    [60, 0, 480, 90],
    [64, 480, 480, 90],
    [67, 1920, 960, 90],
  ])
  it('renders the song to a WAV that decodes back with its sample rate, length and sound', async () => {
    const progress: number[] = []
    const bytes = await renderWav(
      song,
      { kind: 'song' },
      { sampleRate: SR, onProgress: (f) => progress.push(f) },
    )
    expect(String.fromCharCode(...bytes.subarray(0, 4), ...bytes.subarray(8, 12))).toBe('RIFFWAVE')
    const back = await new OfflineAudioContext(2, 1, SR).decodeAudioData(bytes.buffer)
    expect(back.sampleRate).toBe(SR)
    expect(back.numberOfChannels).toBe(2)
    // Last note ends at 3 s (2880 ticks at 960/s); the release (0.35 s) is inside the 2 s tail.
    expect(back.duration).toBeCloseTo(3 + 2, 2)
    expect(rms(back.getChannelData(0), 0, SR)).toBeGreaterThan(0.01)
    expect(progress.length).toBeGreaterThanOrEqual(4)
    expect(progress.at(-1)).toBe(1)
  })
  it('exports a selection from the bar of its first note, and stops when cancelled', async () => {
    const bytes = await renderWav(
      song,
      { kind: 'selection', ids: new Set(['n2' as NoteId]) },
      { sampleRate: SR },
    )
    const back = await new OfflineAudioContext(2, 1, SR).decodeAudioData(bytes.buffer)
    expect(back.duration).toBeCloseTo(1 + 2, 2) // the G4 alone: one second from bar 2, plus the tail
    const abort = new AbortController()
    const job = renderWav(
      song,
      { kind: 'song' },
      { sampleRate: SR, signal: abort.signal, onProgress: () => abort.abort() },
    )
    await expect(job).rejects.toThrow(/cancelled/)
  })
})
