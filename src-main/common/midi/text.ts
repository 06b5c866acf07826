// Text of MIDI meta events: written as UTF-8; read as UTF-8 when valid, else Latin-1 (older files' usual encoding).

const utf8 = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()

/** Decodes meta-event text bytes: strict UTF-8, falling back to Latin-1. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    let s = ''
    for (const x of bytes) s += String.fromCharCode(x)
    return s
  }
}

/** Encodes meta-event text as UTF-8. */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(text)
}
