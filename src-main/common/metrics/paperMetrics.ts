// The paper's six evaluation statistics (spec §5) of one note-on sequence, each corrected and code-exact.
import type { NoteOn } from './noteOns'
import { polyphony, polyphonyCodeExact } from './polyphony'
import { repetitions, repetitionsCodeExact } from './repetitions'
import { scaleConsistency, scaleConsistencyCodeExact } from './scale'

/** Spec §5 statistics. Unsuffixed fields use the corrected algorithm; `…CodeExact` reproduce midi_statistics.py. */
export interface PaperMetrics {
  /** Number of note-ons (velocity > 0). */
  readonly events: number
  /** Fraction 0..1 of distinct onset ticks with ≥ 2 onsets (the paper's definition). */
  readonly polyphony: number
  /** HEAD's per-note/per-group hybrid counter, 0..1. */
  readonly polyphonyCodeExact: number
  /** Best fraction 0..1 of tones in one of 36 (tonic, scale) pairs, with ((pitch − tonic) mod 12). */
  readonly scaleConsistency: number
  /** Same without the mod 12 (the code's bug: only C-rooted scales are scored correctly). */
  readonly scaleConsistencyCodeExact: number
  /** Name of the best corrected scale, e.g. 'G major', 'A natural minor'; '' when there are no tones. */
  readonly scale: string
  /** Pairs of equal non-overlapping 3-tone pitch windows (full bounds). */
  readonly repetitions3: number
  /** The code's count with its off-by-one bounds. */
  readonly repetitions3CodeExact: number
  /** max − min pitch in semitones. */
  readonly toneSpan: number
  /** Number of distinct pitches. */
  readonly uniqueTones: number
  /** max − min velocity. */
  readonly intensitySpan: number
}

/** Computes {@link PaperMetrics} of `noteOns` (in track order, as noteOnsFromMidi returns). All zero when empty. */
export function paperMetrics(noteOns: readonly NoteOn[]): PaperMetrics {
  const pitches = noteOns.map((n) => n.pitch)
  const onsets = noteOns.map((n) => n.tick)
  const corrected = scaleConsistency(pitches)
  let lo = Infinity
  let hi = -Infinity
  let vlo = Infinity
  let vhi = -Infinity
  for (const n of noteOns) {
    lo = Math.min(lo, n.pitch)
    hi = Math.max(hi, n.pitch)
    vlo = Math.min(vlo, n.velocity)
    vhi = Math.max(vhi, n.velocity)
  }
  const empty = noteOns.length === 0
  return {
    events: noteOns.length,
    polyphony: polyphony(onsets),
    polyphonyCodeExact: polyphonyCodeExact(onsets),
    scaleConsistency: corrected.score,
    scaleConsistencyCodeExact: scaleConsistencyCodeExact(pitches).score,
    scale: corrected.scale,
    repetitions3: repetitions(pitches, 3),
    repetitions3CodeExact: repetitionsCodeExact(pitches, 3),
    toneSpan: empty ? 0 : hi - lo,
    uniqueTones: new Set(pitches).size,
    intensitySpan: empty ? 0 : vhi - vlo,
  }
}
