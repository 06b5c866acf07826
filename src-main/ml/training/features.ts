// Feature scaling between the dataset's raw cells and what the model sees. 'raw' is the paper (no normalisation,
// spec §2.3); 'normalized' is the modern deviation (spec §8 tips): beats instead of ticks, MIDI pitch in [−1, 1];
// 'studio' is the studio preset's deviation, built so that every value G can emit decodes to a playable note.

import { STUDIO_DT_GAIN, STUDIO_DT_SCALE, STUDIO_PITCH_CENTER } from '../model/musicView'

/** Ticks per quarter note of raw cells (spec §2.2). */
const PPQ = 384
/** Frequencies at or below this (Hz) mean "no tone" (padding or an absent tone slot). */
const SILENT_HZ = 1

/** Feature spaces a run can train in. */
export type FeatureMode = 'raw' | 'normalized' | 'studio'

/** Cell layout index → role: 0 = dt, then (length, frequency, velocity) per tone. */
function role(i: number): 'dt' | 'len' | 'freq' | 'vel' {
  if (i === 0) return 'dt'
  return (['len', 'freq', 'vel'] as const)[(i - 1) % 3]
}

/**
 * Raw cells → model space (a copy). Rows of `features` values, any number of rows.
 * normalized: dt and length in beats, pitch (MIDI number − 64)/64 (−1 for silence), velocity (v − 64)/64.
 */
export function toModelSpace(raw: Float32Array, features: number, mode: FeatureMode): Float32Array {
  if (mode === 'raw') return raw
  if (mode === 'studio') return studioFromRaw(raw, features)
  const out = new Float32Array(raw.length)
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]
    switch (role(i % features)) {
      case 'dt':
      case 'len':
        out[i] = v / PPQ
        break
      case 'freq':
        out[i] = v > SILENT_HZ ? (69 + 12 * Math.log2(v / 440) - 64) / 64 : -1
        break
      case 'vel':
        out[i] = (v - 64) / 64
        break
    }
  }
  return out
}

/** Model space → raw cells (a copy for 'normalized'); inverse of `toModelSpace` up to float rounding. */
export function fromModelSpace(model: Float32Array, features: number, mode: FeatureMode): Float32Array {
  if (mode === 'raw') return model
  if (mode === 'studio') return studioToRaw(model, features)
  const out = new Float32Array(model.length)
  for (let i = 0; i < model.length; i++) {
    const v = model[i]
    switch (role(i % features)) {
      case 'dt':
      case 'len':
        out[i] = v * PPQ
        break
      case 'freq':
        // Pitch below MIDI 1 reads as silence, mirroring the −1 sentinel.
        out[i] = v > -63 / 64 ? 440 * 2 ** ((64 + 64 * v - 69) / 12) : 0
        break
      case 'vel':
        out[i] = Math.max(0, 64 + 64 * v)
        break
    }
  }
  return out
}

// ── 'studio' space ─────────────────────────────────────────────────────────────────────────────────────────────
// dt: u = log2(1 + 8·beats) / 3 (0 = a chord, 1/8 beat → 1/3, 1 beat → 1.06, 4 beats → 1.68); G emits it through
// max(0, ·) (ModelSpec.output 'reluDt'), so a gap is never negative and a chord is an exact 0.
// length: (log2(beats) + 1) / 2, decoded as 2^(2y − 1) beats, at least one tick: every value is a real length.
// pitch: (MIDI − 60) / 12, octaves from middle C; the writer rounds to a semitone and folds into 0..127.
// velocity: v / 64 − 1; decoded clamped to 1..127 for a cell's first tone, so a K = 1 note is never silent; the
// extra tones of a K = 3 cell keep 0 as "absent" (the spec's zero-intensity convention).

const DT_GAIN = STUDIO_DT_GAIN
const DT_SCALE = STUDIO_DT_SCALE

function studioFromRaw(raw: Float32Array, features: number): Float32Array {
  const out = new Float32Array(raw.length)
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]
    const f = i % features
    switch (role(f)) {
      case 'dt':
        out[i] = Math.log2(1 + (DT_GAIN * Math.max(0, v)) / PPQ) / DT_SCALE
        break
      case 'len':
        out[i] = (Math.log2(Math.max(1, v) / PPQ) + 1) / 2
        break
      case 'freq':
        out[i] = v > SILENT_HZ ? (69 + 12 * Math.log2(v / 440) - STUDIO_PITCH_CENTER) / 12 : 0
        break
      case 'vel':
        out[i] = v / 64 - 1
        break
    }
  }
  return out
}

function studioToRaw(model: Float32Array, features: number): Float32Array {
  const out = new Float32Array(model.length)
  for (let i = 0; i < model.length; i++) {
    const v = model[i]
    const f = i % features
    switch (role(f)) {
      case 'dt':
        // Capped at 64 beats of silence, like lengths below.
        out[i] = Math.min(64 * PPQ, ((2 ** (DT_SCALE * Math.max(0, v)) - 1) / DT_GAIN) * PPQ)
        break
      case 'len':
        // Capped at 64 beats so a wild output cannot ask the writer for an endless note.
        out[i] = Math.max(1, Math.min(64 * PPQ, 2 ** (2 * v - 1) * PPQ))
        break
      case 'freq':
        // Kept inside MIDI's 0..127 so the writer never has to fold an octave.
        out[i] = 440 * 2 ** ((Math.max(0, Math.min(127, STUDIO_PITCH_CENTER + 12 * v)) - 69) / 12)
        break
      case 'vel': {
        const vel = Math.min(127, 64 * (1 + v))
        out[i] = f === 3 ? Math.max(1, vel) : vel > 0.5 ? vel : 0
        break
      }
    }
  }
  return out
}

/** Indices of the pitch and velocity features of a cell with `features` values (dequantisation targets). */
export function pitchAndVelocityIndices(features: number): { pitch: number[]; velocity: number[] } {
  const pitch: number[] = []
  const velocity: number[] = []
  for (let f = 1; f < features; f++) {
    if (role(f) === 'freq') pitch.push(f)
    if (role(f) === 'vel') velocity.push(f)
  }
  return { pitch, velocity }
}

/** Size of one semitone and of one velocity step in `mode`'s units (null = not a linear scale: raw Hz). */
export function quantumOf(mode: FeatureMode): { pitch: number; velocity: number } | null {
  if (mode === 'studio') return { pitch: 1 / 12, velocity: 1 / 64 }
  if (mode === 'normalized') return { pitch: 1 / 64, velocity: 1 / 64 }
  return null
}
