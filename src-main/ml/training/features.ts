// Feature scaling between the dataset's raw cells and what the model sees. 'raw' is the paper (no normalisation,
// spec §2.3); 'normalized' is the modern deviation (spec §8 tips): beats instead of ticks, MIDI pitch in [−1, 1].

/** Ticks per quarter note of raw cells (spec §2.2). */
const PPQ = 384
/** Frequencies at or below this (Hz) mean "no tone" (padding or an absent tone slot). */
const SILENT_HZ = 1

/** Cell layout index → role: 0 = dt, then (length, frequency, velocity) per tone. */
function role(i: number): 'dt' | 'len' | 'freq' | 'vel' {
  if (i === 0) return 'dt'
  return (['len', 'freq', 'vel'] as const)[(i - 1) % 3]
}

/**
 * Raw cells → model space (a copy). Rows of `features` values, any number of rows.
 * normalized: dt and length in beats, pitch (MIDI number − 64)/64 (−1 for silence), velocity (v − 64)/64.
 */
export function toModelSpace(raw: Float32Array, features: number, mode: 'raw' | 'normalized'): Float32Array {
  if (mode === 'raw') return raw
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
export function fromModelSpace(
  model: Float32Array,
  features: number,
  mode: 'raw' | 'normalized',
): Float32Array {
  if (mode === 'raw') return model
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
