// Scales for highlighting the keyboard, "fit to scale" and generating into a key: pitch-class sets, membership and
// nearest in-scale pitch.
import type { MidiNote } from './units'

/** Interval sets (semitones above the root) of the scales offered in the UI. */
export const SCALES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  harmonicMinor: [0, 2, 3, 5, 7, 8, 11],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  pentatonic: [0, 2, 4, 7, 9],
  chromatic: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
} as const satisfies Record<string, readonly number[]>
export type ScaleName = keyof typeof SCALES

/** A key: root pitch class 0..11 (0 = C) and scale name. */
export interface Key {
  readonly root: number
  readonly scale: ScaleName
}

export const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const

/** "C4" for 60 (scientific pitch notation, C4 = middle C = 60). */
export function noteName(pitch: MidiNote): string {
  return `${NOTE_NAMES[((pitch % 12) + 12) % 12]}${Math.floor(pitch / 12) - 1}`
}

/** True when `pitch` belongs to `key`. */
export function inScale(pitch: MidiNote, key: Key): boolean {
  const pc = (((pitch - key.root) % 12) + 12) % 12
  return (SCALES[key.scale] as readonly number[]).includes(pc)
}

/** Nearest in-scale pitch to `pitch` within 0..127; ties go down (a flat leading tone becomes the note below). */
export function nearestInScale(pitch: MidiNote, key: Key): MidiNote {
  if (key.root < 0 || key.root > 11 || !Number.isInteger(key.root))
    throw new Error(`key root must be a pitch class 0..11, got ${key.root}`)
  if (!(key.scale in SCALES)) throw new Error(`unknown scale '${key.scale}'`)
  for (let d = 0; d < 12; d++) {
    if (pitch - d >= 0 && inScale(pitch - d, key)) return pitch - d
    if (pitch + d <= 127 && inScale(pitch + d, key)) return pitch + d
  }
  return pitch
}
