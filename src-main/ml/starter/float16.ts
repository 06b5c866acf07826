// IEEE 754 half-precision packing for the shipped starter weights: halves the download with no audible change
// (weights are O(0.01..1); float16 keeps ~3 significant digits, see the model card for the metric check).

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** Largest finite float16 value. Larger magnitudes are an error (they would become ±Infinity). */
export const FLOAT16_MAX = 65504

/** One float32 → float16 bits, round to nearest even; subnormals kept, NaN stays NaN. */
export function toHalf(x: number): number {
  f32[0] = x
  const b = u32[0]
  const sign = (b >>> 16) & 0x8000
  const exp = (b >>> 23) & 0xff
  let mant = b & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    mant |= 0x800000
    const shift = 14 - e
    const half = 1 << (shift - 1)
    let m = mant >>> shift
    const rest = mant & ((1 << shift) - 1)
    if (rest > half || (rest === half && m & 1)) m++
    return sign | m
  }
  let h = sign | (e << 10) | (mant >>> 13)
  const rest = mant & 0x1fff
  // Carry into the exponent is correct: it rounds up to the next binade (or to Infinity).
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++
  return h
}

/** float16 bits → number. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >>> 10) & 0x1f
  const mant = h & 0x3ff
  if (exp === 0) return sign * mant * 2 ** -24
  if (exp === 0x1f) return mant ? NaN : sign * Infinity
  return sign * (1 + mant / 1024) * 2 ** (exp - 15)
}

/**
 * Packs float32 values as float16 (little-endian bytes, 2 per value).
 * @throws Error naming `label` and the index when a value is not finite or beyond ±65504.
 */
export function packFloat16(values: Float32Array, label = 'weights'): Uint8Array {
  const out = new Uint8Array(values.length * 2)
  const view = new DataView(out.buffer)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isFinite(v) || Math.abs(v) > FLOAT16_MAX)
      throw new Error(`${label}[${i}] = ${v} cannot be stored as float16 (finite, |x| ≤ ${FLOAT16_MAX})`)
    view.setUint16(i * 2, toHalf(v), true)
  }
  return out
}

/** Unpacks little-endian float16 bytes into float32. @throws Error naming `label` when the byte count is odd. */
export function unpackFloat16(bytes: Uint8Array, label = 'weights'): Float32Array {
  if (bytes.byteLength % 2 !== 0) throw new Error(`${label}: ${bytes.byteLength} bytes is not a float16 blob`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Float32Array(bytes.byteLength / 2)
  for (let i = 0; i < out.length; i++) out[i] = fromHalf(view.getUint16(i * 2, true))
  return out
}
