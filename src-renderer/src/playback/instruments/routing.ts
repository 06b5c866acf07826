// Which instrument plays a track, and on which synthesizer channel. Pure, shared by live playback, the offline
// renderer and MIDI output so all three agree.
import type { Track } from '@common/music/song'

/** The sampled grand (Salamander) or the General MIDI sound bank. */
export type InstrumentKind = 'piano' | 'gm'

/** GM channel 10 (index 9) is percussion. */
export const DRUM_CHANNEL = 9

/** Acoustic Grand Piano (GM program 1, index 0) on a melodic channel plays the sampled grand. */
export function instrumentOf(track: Pick<Track, 'program' | 'channel'>): InstrumentKind {
  return track.program === 0 && track.channel !== DRUM_CHANNEL ? 'piano' : 'gm'
}

/**
 * Synth channel of each track (by index): drum tracks keep channel 9; melodic tracks get their own channel
 * 0..15 (skipping 9) in order, so two tracks that share a MIDI channel with different programs do not fight.
 * More than 15 melodic tracks wrap around (they then share channels).
 */
export function synthChannels(tracks: readonly Pick<Track, 'channel'>[]): number[] {
  let next = 0
  return tracks.map((t) => {
    if (t.channel === DRUM_CHANNEL) return DRUM_CHANNEL
    const ch = next % 15
    next++
    return ch >= DRUM_CHANNEL ? ch + 1 : ch
  })
}

/** MIDI volume 0..127 → linear gain, with General MIDI's curve (40·log10(v/127) dB). */
export const volumeGain = (v: number): number => (v / 127) ** 2

/** MIDI pan 0..127 (64 centre) → −1..1. */
export const panValue = (p: number): number => Math.max(-1, Math.min(1, (p - 64) / 63))
