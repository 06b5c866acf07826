// Song → Standard MIDI File bytes (type 1): tempo map, time signatures, track names, channels, programs,
// velocities, controllers (sustain pedal…), mixer volume/pan, and `texts` as text meta events. Inverse of readSong for everything the Song model holds.
import { CC, type Song } from '../music/song'
import {
  encodeSmf,
  tempoEvent,
  textEvent,
  timeSignatureEvent,
  type SmfOutEvent,
  type SmfOutTrack,
} from './smfWrite'

/** `what` is a thunk so the hot path (every note of a long piece) builds no message strings. */
function checkInt(what: () => string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`${what()} must be an integer in ${lo}..${hi}, got ${v}`)
}

/**
 * Encodes `song` as a type-1 SMF at the song's `ppq`. Track 0 (conductor) carries the song name, tempos, time
 * signatures and texts; each Song track becomes one MIDI track with its name, a program change at tick 0 and its
 * notes. At equal ticks note-offs are written before note-ons, so a repeated pitch re-reads as two notes.
 *
 * @throws Error naming the value when a note or event is out of range (pitch 0..127, velocity 1..127,
 *   channel 0..15, program 0..127, integer ticks ≥ 0, duration ≥ 1).
 * @example const bytes = writeSong(song) // Uint8Array ready to save as .mid
 */
export function writeSong(song: Song): Uint8Array {
  const conductor: SmfOutEvent[] = [{ tick: 0, bytes: textEvent(0x03, song.name) }]
  for (const text of song.texts ?? []) conductor.push({ tick: 0, bytes: textEvent(0x01, text) })
  const timed: SmfOutEvent[] = []
  for (const t of song.tempos) {
    checkInt(() => 'tempo tick', t.tick, 0, 2 ** 40)
    timed.push({ tick: t.tick, bytes: tempoEvent(t.bpm) })
  }
  for (const ts of song.timeSignatures) {
    checkInt(() => 'time signature tick', ts.tick, 0, 2 ** 40)
    timed.push({ tick: ts.tick, bytes: timeSignatureEvent(ts.numerator, ts.denominator) })
  }
  conductor.push(...timed.sort((a, b) => a.tick - b.tick))
  const tracks: SmfOutTrack[] = [{ events: conductor }]
  for (const track of song.tracks) {
    checkInt(() => `track '${track.name}' channel`, track.channel, 0, 15)
    checkInt(() => `track '${track.name}' program`, track.program, 0, 127)
    const ch = track.channel
    const head: SmfOutEvent[] = [
      { tick: 0, bytes: textEvent(0x03, track.name) },
      { tick: 0, bytes: [0xc0 | ch, track.program] },
    ]
    // Mixer settings as CC7/CC10 at tick 0 (readSong maps them back to volume/pan).
    for (const [cc, v] of [
      [CC.volume, track.volume],
      [CC.pan, track.pan],
    ] as const) {
      if (v === undefined) continue
      checkInt(() => `track '${track.name}' CC${cc}`, v, 0, 127)
      head.push({ tick: 0, bytes: [0xb0 | ch, cc, v] })
    }
    // order 0 = off, 1 = controller, 2 = on: offs precede ons at the same tick, and a pedal change at a note's
    // start is in force when the note sounds.
    const body: { tick: number; order: number; bytes: number[] }[] = []
    for (const c of track.controllers ?? []) {
      checkInt(() => `track '${track.name}' controller number`, c.controller, 0, 127)
      checkInt(() => `track '${track.name}' CC${c.controller} value`, c.value, 0, 127)
      checkInt(() => `track '${track.name}' CC${c.controller} tick`, c.tick, 0, 2 ** 40)
      body.push({ tick: c.tick, order: 1, bytes: [0xb0 | ch, c.controller, c.value] })
    }
    for (const n of track.notes) {
      checkInt(() => `note ${n.id} pitch`, n.pitch, 0, 127)
      checkInt(() => `note ${n.id} velocity`, n.velocity, 1, 127)
      checkInt(() => `note ${n.id} startTick`, n.startTick, 0, 2 ** 40)
      checkInt(() => `note ${n.id} durationTicks`, n.durationTicks, 1, 2 ** 40)
      body.push({ tick: n.startTick, order: 2, bytes: [0x90 | ch, n.pitch, n.velocity] })
      body.push({ tick: n.startTick + n.durationTicks, order: 0, bytes: [0x80 | ch, n.pitch, 0] })
    }
    body.sort((a, b) => a.tick - b.tick || a.order - b.order)
    tracks.push({ events: head.concat(body) })
  }
  return encodeSmf(1, song.ppq, tracks)
}
