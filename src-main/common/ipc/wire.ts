// JSON codec of the studio's WebSocket (the served studio and the test bridge): typed arrays (MIDI bytes, tensors)
// and non-finite numbers survive, as they would through Electron's structured clone. Environment-free, so the
// server and the browser client share this one copy.

const CTORS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const
type CtorName = keyof typeof CTORS

const toBase64 = (u8: Uint8Array): string => {
  let s = ''
  // Chunks keep String.fromCharCode's argument list small.
  for (let i = 0; i < u8.length; i += 0x8000)
    s += String.fromCharCode(...u8.subarray(i, Math.min(i + 0x8000, u8.length)))
  return btoa(s)
}
const fromBase64 = (b64: string): Uint8Array => {
  const bin = atob(b64)
  const u8 = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i)
  return u8
}

/** Replaces typed arrays and non-finite numbers with tagged objects (deeply). */
export function encode(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return { __num: String(v) }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const name = v.constructor.name
    if (!Object.hasOwn(CTORS, name)) throw new Error(`wire codec: cannot send a ${name}`)
    return { __ta: name, b64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) }
  }
  if (Array.isArray(v)) return v.map(encode)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]))
  return v
}

/** Inverse of {@link encode}; throws on an unknown typed-array tag or a length that does not fit it. */
export function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode)
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o.__num === 'string') return Number(o.__num)
    if (typeof o.__ta === 'string' && typeof o.b64 === 'string') {
      if (!Object.hasOwn(CTORS, o.__ta)) throw new Error(`wire codec: unknown typed array '${o.__ta}'`)
      const Ctor = CTORS[o.__ta as CtorName]
      const bytes = fromBase64(o.b64)
      if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0)
        throw new Error(`wire codec: ${bytes.byteLength} bytes do not make a ${o.__ta}`)
      return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT)
    }
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(o)) if (k !== '__proto__') out[k] = decode(x)
    return out
  }
  return v
}
