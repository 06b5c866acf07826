// Byte-level builders of the adversarial MIDI set (tests/support/hostileMidi.ts): chunks, running-status note
// streams, random event streams, nested metas, streamed multi-MB files and mutations of valid songs.
import { createWriteStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { Rng } from '../../src-main/common/random'

/** One adversarial input: `write` puts it at `path` (streamed for the big ones) and returns its size in bytes. */
export interface HostileCase {
  readonly name: string
  readonly kind: string
  write(path: string): Promise<number>
}

/** Growable byte buffer (typed, so multi-MB cases build in milliseconds). */
export class Bytes {
  private buf = new Uint8Array(1024)
  length = 0
  push(...xs: number[]): this {
    for (const x of xs) this.byte(x)
    return this
  }
  byte(x: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2)
      next.set(this.buf)
      this.buf = next
    }
    this.buf[this.length++] = x & 0xff
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.byte(b[i])
    return this
  }
  vlq(n: number): this {
    const groups = [n & 0x7f]
    for (let x = Math.floor(n / 128); x > 0; x = Math.floor(x / 128)) groups.unshift((x & 0x7f) | 0x80)
    return this.push(...groups)
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.length)
  }
}

export const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
export const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')]

/** MThd with the given fields (`len` lets a case lie about the header length). */
export function header(format: number, tracks: number, division: number, len = 6): number[] {
  return [...ascii('MThd'), ...u32(len), 0, format, tracks >> 8, tracks & 255, division >> 8, division & 255]
}

/** A chunk with `body`; `declared` overrides the length field. */
export function chunk(id: string, body: Uint8Array, declared = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length)
  out.set([...ascii(id), ...u32(declared >>> 0)])
  out.set(body, 8)
  return out
}

export function concat(parts: readonly (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)))
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0))
  let at = 0
  for (const a of arrays) {
    out.set(a, at)
    at += a.length
  }
  return out
}

/** A whole file: header + one MTrk per body (correct lengths). */
export const smfOf = (bodies: readonly Uint8Array[], format = 1, division = 480): Uint8Array =>
  concat([header(format, bodies.length, division), ...bodies.map((b) => chunk('MTrk', b))])

export const randomBytes = (rng: Rng, n: number): Uint8Array => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i += 4) {
    const v = rng.uint32()
    out[i] = v
    if (i + 1 < n) out[i + 1] = v >>> 8
    if (i + 2 < n) out[i + 2] = v >>> 16
    if (i + 3 < n) out[i + 3] = v >>> 24
  }
  return out
}

/** Log-uniform integer in [lo, hi]. */
export const logSize = (rng: Rng, lo: number, hi: number): number =>
  Math.round(Math.exp(Math.log(lo) + rng.uniform() * (Math.log(hi) - Math.log(lo))))

/** A case built when written, from its own generator (so any case can be rebuilt alone, byte for byte). */
export const inMemory = (
  name: string,
  kind: string,
  rng: Rng,
  make: (rng: Rng) => Uint8Array,
): HostileCase => ({
  name,
  kind,
  async write(path) {
    const bytes = make(Rng.fromState(rng.state()))
    await writeFile(path, bytes)
    return bytes.length
  },
})

/** Track body of `n` note-ons in running status (never switched off) over `pitches` distinct pitches. */
export function openNotes(n: number, pitches: number, delta = 0): Uint8Array {
  const b = new Bytes().push(0, 0x90, 60, 64)
  for (let i = 1; i < n; i++) b.vlq(delta).push(i % pitches, 1 + (i % 127))
  return b.push(0, 0xff, 0x2f, 0).done()
}

/** `n` zero-length notes: on + off (NoteOn velocity 0, running status) at the same tick. */
export function zeroLengthNotes(n: number, pitches = 128, offAs80 = false): Uint8Array {
  const b = new Bytes().push(0, 0x90)
  for (let i = 0; i < n; i++) {
    const p = i % pitches
    if (offAs80) b.push(p, 64, 0, 0x80, p, 0, 0, 0x90)
    else b.push(p, 64, 0, p, 0, 0)
  }
  return b.push(0xff, 0x2f, 0).done()
}

/** Ordinary closed notes, `n` of them, running status, a few pitches. */
export function closedNotes(n: number, rng: Rng, maxDelta = 48): Uint8Array {
  const b = new Bytes().push(0, 0x90)
  for (let i = 0; i < n; i++) {
    const p = 36 + rng.int(48)
    b.push(p, 1 + rng.int(127))
      .vlq(1 + rng.int(maxDelta))
      .push(p, 0, 0)
  }
  return b.push(0xff, 0x2f, 0).done()
}

/** Events that are individually well formed but random: notes, controllers, metas, sysex, odd deltas. */
export function randomEvents(rng: Rng, size: number): Uint8Array {
  const b = new Bytes()
  let status = 0
  while (b.length < size) {
    b.vlq(rng.uniform() < 0.7 ? rng.int(100) : rng.int(0x0fffffff))
    const r = rng.uniform()
    if (r < 0.55) {
      const s = rng.uniform() < 0.3 && status ? null : 0x80 + rng.int(0x70)
      if (s !== null) b.byte((status = s))
      const data = rng.uniform() < 0.02 ? 128 + rng.int(128) : rng.int(128)
      b.byte(data)
      const t = (status >> 4) & 0xf
      if (t !== 0xc && t !== 0xd) b.byte(rng.int(128))
    } else if (r < 0.8) {
      const type = [0x01, 0x03, 0x51, 0x58, 0x2f, 0x7f, 0x00, 0x20][rng.int(8)]
      const len = rng.uniform() < 0.05 ? rng.int(1 << 20) : rng.int(8)
      b.push(0xff, type)
        .vlq(len)
        .bytes(randomBytes(rng, Math.min(len, size)))
    } else if (r < 0.9) {
      const len = rng.int(64)
      b.push(rng.uniform() < 0.5 ? 0xf0 : 0xf7)
        .vlq(len)
        .bytes(randomBytes(rng, len))
      status = 0
    } else b.bytes(randomBytes(rng, 1 + rng.int(8)))
  }
  return b.done()
}

/** A meta event whose payload is `depth` nested meta events (each one wraps the next), innermost text `core`. */
export function nestedMeta(depth: number, core: Uint8Array, type = 0x01): Uint8Array {
  let inner = core
  for (let d = 0; d < depth; d++) {
    const b = new Bytes().push(0xff, type).vlq(inner.length).bytes(inner)
    inner = b.done()
  }
  return new Bytes().push(0).bytes(inner).push(0, 0xff, 0x2f, 0).done()
}

/** A file of `bytes` bytes (50–200 MB), streamed to disk in 4 MB pieces; `fill` makes each piece. */
export function streamed(
  name: string,
  kind: string,
  bytes: number,
  head: Uint8Array,
  fill: (piece: number, size: number) => Uint8Array,
): HostileCase {
  return {
    name,
    kind,
    async write(path) {
      const out = createWriteStream(path)
      out.write(head)
      const piece = 4 << 20
      for (let at = head.length, i = 0; at < bytes; at += piece, i++) {
        if (!out.write(fill(i, Math.min(piece, bytes - at)))) await once(out, 'drain')
      }
      out.end()
      await once(out, 'finish')
      return bytes
    },
  }
}

/** A small valid multi-track song, the raw material of the mutation cases. */
export function validSong(rng: Rng): Uint8Array {
  const tracks = Array.from({ length: 1 + rng.int(3) }, () =>
    new Bytes()
      .push(0, 0xff, 0x51, 3, 7, 0xa1, 0x20)
      .bytes(closedNotes(20 + rng.int(300), rng))
      .done(),
  )
  return smfOf(tracks, 1, [96, 120, 384, 480, 960][rng.int(5)])
}

export function mutate(rng: Rng, src: Uint8Array): Uint8Array {
  const b = src.slice()
  switch (rng.int(5)) {
    case 0: // bit flips
      for (let i = 0, n = 1 + rng.int(20); i < n; i++) b[rng.int(b.length)] ^= 1 << rng.int(8)
      return b
    case 1: // truncation
      return b.slice(0, rng.int(b.length))
    case 2: {
      // a region duplicated many times (repeats running-status runs, metas, chunk headers)
      const at = rng.int(b.length)
      const piece = b.slice(at, at + 1 + rng.int(64))
      return concat([b.slice(0, at), ...Array.from({ length: 1 + rng.int(2000) }, () => piece), b.slice(at)])
    }
    case 3: {
      // random bytes overwritten
      const piece = randomBytes(rng, Math.min(b.length, 1 + rng.int(256)))
      b.set(piece, rng.int(b.length - piece.length + 1))
      return b
    }
    default: // the track length field set to garbage
      b.set(u32(rng.uint32()), 18)
      return b
  }
}
