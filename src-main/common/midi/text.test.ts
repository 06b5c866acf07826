import { describe, expect, it } from 'vitest'
import { decodeText, encodeText } from './text'

describe('meta-event text', () => {
  it('reads UTF-8, and any other bytes as Latin-1 (each byte one character, 0x80–0x9F included)', () => {
    expect(decodeText(encodeText('Flöte – 笛'))).toBe('Flöte – 笛')
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(decodeText(all)).toBe(Array.from(all, (b) => String.fromCharCode(b)).join(''))
  })

  it('decodes an 8 MB non-UTF-8 text event as one flat string', () => {
    const bytes = new Uint8Array(8 << 20).fill(0xe9)
    const text = decodeText(bytes)
    expect(text).toHaveLength(8 << 20)
    expect(text.charCodeAt(1234567)).toBe(0xe9)
  })
})
