// Note-ons of a whole MIDI file in the order midi_statistics.py sees them (spec §5.1): track order, then file order.
import { parseSmf, type SmfFile } from '../midi/smfParse'

/** One NoteOn with velocity > 0. `tick` is absolute within its own track, at the file's own resolution. */
export interface NoteOn {
  readonly tick: number
  readonly pitch: number
  readonly velocity: number
  /** Index of the MIDI track chunk (0-based). */
  readonly track: number
}

/**
 * All NoteOns with velocity > 0 of every track, track 1's in file order, then track 2's, … (not merged by time).
 * `label` names the input in error messages.
 * @throws {MidiFormatError} for unreadable bytes; a file without notes gives [].
 */
export function noteOnsFromMidi(bytes: Uint8Array, label = 'MIDI data'): NoteOn[] {
  return noteOnsFromSmf(parseSmf(bytes, label))
}

/** {@link noteOnsFromMidi} of an already parsed file. */
export function noteOnsFromSmf(smf: SmfFile): NoteOn[] {
  const out: NoteOn[] = []
  smf.tracks.forEach((events, track) => {
    for (const e of events) {
      if (e.kind === 'noteOn') out.push({ tick: e.tick, pitch: e.pitch, velocity: e.velocity, track })
    }
  })
  return out
}
