// C-RNN-GAN note list (spec §2.2): raw MIDI events → tones in 384-PPQ ticks, Hz and raw velocity, exactly as
// music_data_utils.py pairs them (tempo ignored, tracks merged, note-off closes every open same-pitch note).
import { parseSmf, type SmfFile } from '../midi/smfParse'
import type { Song } from '../music/song'
import { midiToHz } from '../music/pitch'

/** Ticks per quarter note of the C-RNN-GAN representation. */
export const TONE_PPQ = 384

/** One tone of the C-RNN-GAN note list. */
export interface Tone {
  /** Onset in 384-PPQ ticks (float: the file resolution is rescaled, not rounded). */
  readonly begin: number
  /** Length in 384-PPQ ticks (float, ≥ 0). */
  readonly length: number
  /** Frequency in Hz: 440·2^((pitch−69)/12). */
  readonly freq: number
  /** Raw MIDI velocity 1..127. */
  readonly velocity: number
}

/**
 * Faithful §2.2 note list of a MIDI file: per-track absolute ticks rescaled by resolution/384, tempo ignored,
 * channels not separated, NoteOff / NoteOn-velocity-0 closes every open note of that pitch in the track, notes
 * still open at the end of their track get length 384, result stably sorted by `begin`.
 * `label` names the input in error messages.
 * @throws {MidiFormatError} for unreadable bytes (same reasons as readSong, except 'no-notes': returns []).
 */
export function readTones(bytes: Uint8Array, label = 'MIDI data'): Tone[] {
  return tonesFromSmf(parseSmf(bytes, label))
}

interface OpenNote {
  readonly begin: number
  readonly pitch: number
  readonly velocity: number
  closed: boolean
}

/**
 * {@link readTones} of an already parsed file. Linear in the events (plus the final sort): open notes are kept per
 * pitch, so a note-off touches only the notes it closes — music_data_utils.py rescans every open note, which made
 * files holding thousands of notes open take minutes. The output is identical, order included: at a note-off the
 * closed notes are emitted in opening order, and notes left open at the end of a track in opening order.
 */
export function tonesFromSmf(smf: SmfFile): Tone[] {
  const k = smf.ppq / TONE_PPQ
  const tones: Tone[] = []
  for (const events of smf.tracks) {
    const openByPitch: (OpenNote[] | undefined)[] = new Array(128)
    const opened: OpenNote[] = [] // every note of this track in opening order, for the ones never closed
    for (const e of events) {
      if (e.kind === 'noteOn') {
        const n: OpenNote = { begin: e.tick / k, pitch: e.pitch, velocity: e.velocity, closed: false }
        const list = openByPitch[e.pitch]
        if (list) list.push(n)
        else openByPitch[e.pitch] = [n]
        opened.push(n)
      } else if (e.kind === 'noteOff') {
        const list = openByPitch[e.pitch]
        if (!list) continue
        const end = e.tick / k
        for (const n of list) {
          tones.push(tone(n.begin, end - n.begin, n.pitch, n.velocity))
          n.closed = true
        }
        openByPitch[e.pitch] = undefined
      }
    }
    for (const n of opened) if (!n.closed) tones.push(tone(n.begin, TONE_PPQ, n.pitch, n.velocity))
  }
  // Array.prototype.sort is stable (ES2019), like Python's sorted().
  return tones.sort((a, b) => a.begin - b.begin)
}

function tone(begin: number, length: number, pitch: number, velocity: number): Tone {
  return { begin, length, freq: midiToHz(pitch), velocity }
}

/**
 * Approximate §2.2 note list of a Song (e.g. generated or edited material that exists only as a Song): notes are
 * already paired, so the "close every open same-pitch note" rule cannot be reproduced; ticks are rescaled by
 * ppq/384 and notes stably sorted by onset in track order. Use {@link readTones} on bytes for training data.
 */
export function tonesFromSong(song: Song): Tone[] {
  const k = song.ppq / TONE_PPQ
  const tones: Tone[] = []
  for (const track of song.tracks) {
    const notes = track.notes.slice().sort((a, b) => a.startTick - b.startTick)
    for (const n of notes) tones.push(tone(n.startTick / k, n.durationTicks / k, n.pitch, n.velocity))
  }
  return tones.sort((a, b) => a.begin - b.begin)
}
