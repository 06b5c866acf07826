// JSON codec for the bridge's WebSocket: typed arrays (MIDI bytes, tensors) and non-finite numbers survive, as they
// would through Electron's structured clone. studioClient.js holds the browser half (an injected classic script, so it
// cannot import this module); tests/unit/bridgeCodec.test.ts checks the two halves against each other.

type Tagged = { __ta: string; b64: string } | { __num: 'NaN' | 'Infinity' | '-Infinity' }

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

/** Replaces typed arrays and non-finite numbers with tagged objects (deeply). */
export function encode(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return { __num: String(v) } as Tagged
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength)
    return { __ta: v.constructor.name, b64: b.toString('base64') } as Tagged
  }
  if (Array.isArray(v)) return v.map(encode)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]))
  return v
}

/** Inverse of {@link encode}. */
export function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode)
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o.__num === 'string') return Number(o.__num)
    if (typeof o.__ta === 'string' && typeof o.b64 === 'string') {
      const Ctor = CTORS[o.__ta as keyof typeof CTORS]
      if (!Ctor) throw new Error(`bridge codec: unknown typed array '${o.__ta}'`)
      const bytes = Buffer.from(o.b64, 'base64')
      const copy = new Uint8Array(bytes.byteLength)
      copy.set(bytes)
      return new Ctor(copy.buffer, 0, copy.byteLength / Ctor.BYTES_PER_ELEMENT)
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]))
  }
  return v
}
