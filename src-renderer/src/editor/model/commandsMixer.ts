// Track sound commands for the track list: the GM instrument (or the drum kit on channel 10), volume and pan.
// Pure Song → Song like the other commands, so they go through EditorState.apply and are undoable.
import type { ControllerEvent, Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { updateTrack } from './songOps'

const DRUMS = 9

function checkMidi(what: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 127) throw new Error(`${what} must be an integer 0..127, got ${v}`)
}

/**
 * Sets the instrument: a GM program on a melodic channel, or (`drums`) the GM drum kit on channel 10. A track
 * leaving the drums gets the lowest melodic channel no other track uses.
 */
export function setTrackSound(song: Song, args: { trackId: TrackId; program: number; drums: boolean }): Song {
  checkMidi('program', args.program)
  return updateTrack(song, args.trackId, (t) => {
    let channel = t.channel
    if (args.drums) channel = DRUMS
    else if (t.channel === DRUMS) {
      const used = new Set(song.tracks.map((x) => x.channel))
      channel = [...Array(16).keys()].find((c) => c !== DRUMS && !used.has(c)) ?? 0
    }
    return t.program === args.program && t.channel === channel ? t : { ...t, program: args.program, channel }
  })
}

/** Sets the track's mixer volume (0..127, CC7) and/or pan (0..127, 64 = centre, CC10). */
export function setTrackMix(song: Song, args: { trackId: TrackId; volume?: number; pan?: number }): Song {
  if (args.volume !== undefined) checkMidi('volume', args.volume)
  if (args.pan !== undefined) checkMidi('pan', args.pan)
  return updateTrack(song, args.trackId, (t) => {
    const volume = args.volume ?? t.volume
    const pan = args.pan ?? t.pan
    return volume === t.volume && pan === t.pan ? t : { ...t, volume, pan }
  })
}

/** Merges controller events (a recorded sustain pedal) into the track's controllers, kept sorted by tick. */
export function addControllers(
  song: Song,
  args: { trackId: TrackId; events: readonly ControllerEvent[] },
): Song {
  for (const e of args.events) {
    checkMidi('controller', e.controller)
    checkMidi('controller value', e.value)
    if (!(Number.isInteger(e.tick) && e.tick >= 0))
      throw new Error(`controller tick must be ≥ 0, got ${e.tick}`)
  }
  if (args.events.length === 0) return song
  return updateTrack(song, args.trackId, (t) => ({
    ...t,
    controllers: [...(t.controllers ?? []), ...args.events].sort((a, b) => a.tick - b.tick),
  }))
}
