// Text of MIDI meta events: written as UTF-8; read as UTF-8 when valid, else Latin-1 (older files' usual encoding).

const utf8 = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()

/** Decodes meta-event text bytes: strict UTF-8, falling back to Latin-1. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    // In slices, not byte by byte: appending one character at a time builds a rope of one node per byte, and a
    // multi-megabyte text event then needs hundreds of MB. (TextDecoder('latin1') would decode as windows-1252.)
    const parts: string[] = []
    for (let i = 0; i < bytes.length; i += 0x8000)
      parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)))
    return parts.join('')
  }
}

/** Encodes meta-event text as UTF-8. */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(text)
}
