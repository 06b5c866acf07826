// Feature scaling between the dataset's raw cells and what the model sees. 'raw' is the paper (no normalisation,
// spec §2.3); 'normalized' is the modern deviation (spec §8 tips): beats instead of ticks, MIDI pitch in [−1, 1];
// 'studio' is the studio preset's deviation, built so that every value G can emit decodes to a playable note.

import { midiToHz } from '../../common/music/pitch'
import { STUDIO_DT_GAIN, STUDIO_DT_SCALE, STUDIO_PITCH_CENTER } from '../model/musicView'

/** Ticks per quarter note of raw cells (spec §2.2). */
const PPQ = 384
/** Frequencies at or below this (Hz) mean "no tone" (padding or an absent tone slot). */
const SILENT_HZ = 1

/**
 * Feature spaces a run can train in. 'studioFifths' = the studio space plus, per tone, the pitch class as a point on
 * the circle of fifths (cos, sin), appended after the cell's 3K + 1 values: a key's seven pitch classes are one arc
 * of that circle, so a generator that keeps its points near one region of it stays in one key.
 */
export type FeatureMode = 'raw' | 'normalized' | 'studio' | 'studioFifths'

/** Values per cell in model space for `rawFeatures` = 3K + 1 raw values: 2K more with the fifths circle. */
export function modelWidth(rawFeatures: number, mode: FeatureMode): number {
  return mode === 'studioFifths' ? rawFeatures + (2 * (rawFeatures - 1)) / 3 : rawFeatures
}

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
  if (mode === 'studioFifths') return withFifths(studioFromRaw(raw, features), features)
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

/**
 * Model space → raw cells (a copy for 'normalized'); inverse of `toModelSpace` up to float rounding. `features` is
 * the RAW count per cell (3K + 1) in every mode.
 */
export function fromModelSpace(model: Float32Array, features: number, mode: FeatureMode): Float32Array {
  if (mode === 'raw') return model
  if (mode === 'studio') return studioToRaw(model, features)
  if (mode === 'studioFifths') return studioToRaw(withoutFifths(model, features), features)
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
        out[i] = v > -63 / 64 ? midiToHz(64 + 64 * v) : 0
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
        out[i] = midiToHz(Math.max(0, Math.min(127, STUDIO_PITCH_CENTER + 12 * v)))
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
  if (mode === 'studio' || mode === 'studioFifths') return { pitch: 1 / 12, velocity: 1 / 64 }
  if (mode === 'normalized') return { pitch: 1 / 64, velocity: 1 / 64 }
  return null
}

// ── the circle of fifths ───────────────────────────────────────────────────────────────────────────────────────
// Position k on the circle (0 = C, 1 = G, 2 = D, …) of pitch class pc is 7·pc mod 12 (7 is its own inverse mod 12).

const TAU = 2 * Math.PI

/** Studio cells (3K + 1 per row) → the same rows with (cos, sin) of each tone's fifths position appended. */
function withFifths(studio: Float32Array, features: number): Float32Array {
  const K = (features - 1) / 3
  const width = features + 2 * K
  const rows = studio.length / features
  const out = new Float32Array(rows * width)
  for (let r = 0; r < rows; r++) {
    out.set(studio.subarray(r * features, (r + 1) * features), r * width)
    for (let j = 0; j < K; j++) {
      const midi = Math.round(STUDIO_PITCH_CENTER + 12 * studio[r * features + 2 + 3 * j])
      const angle = (TAU * ((((7 * midi) % 12) + 12) % 12)) / 12
      out[r * width + features + 2 * j] = Math.cos(angle)
      out[r * width + features + 2 * j + 1] = Math.sin(angle)
    }
  }
  return out
}

/**
 * Fifths-coded rows → studio rows: each tone's pitch is the MIDI note of the circle's pitch class nearest to the
 * tone's height (so the circle decides the pitch class, the height the octave).
 */
function withoutFifths(model: Float32Array, features: number): Float32Array {
  const K = (features - 1) / 3
  const width = features + 2 * K
  const rows = model.length / width
  const out = new Float32Array(rows * features)
  for (let r = 0; r < rows; r++) {
    out.set(model.subarray(r * width, r * width + features), r * features)
    for (let j = 0; j < K; j++) {
      const c = model[r * width + features + 2 * j]
      const sn = model[r * width + features + 2 * j + 1]
      const k = ((Math.round((Math.atan2(sn, c) * 12) / TAU) % 12) + 12) % 12
      const pc = (7 * k) % 12
      const height = STUDIO_PITCH_CENTER + 12 * model[r * width + 2 + 3 * j]
      const midi = pc + 12 * Math.round((height - pc) / 12)
      out[r * features + 2 + 3 * j] = (midi - STUDIO_PITCH_CENTER) / 12
    }
  }
  return out
}
