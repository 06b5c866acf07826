// Seeded generator of an adversarial MIDI set (issue #10 item 6): random bodies behind valid headers, huge declared
// lengths, running-status abuse, a million zero-length notes, deep meta nesting, 50–200 MB files, maximal legal files
// and mutations of valid ones. Cases are built lazily and written one at a time, so the big ones exist on disk only
// while they are parsed. Same seed → byte-identical set.
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
class Bytes {
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

const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')]

/** MThd with the given fields (`len` lets a case lie about the header length). */
function header(format: number, tracks: number, division: number, len = 6): number[] {
  return [...ascii('MThd'), ...u32(len), 0, format, tracks >> 8, tracks & 255, division >> 8, division & 255]
}

/** A chunk with `body`; `declared` overrides the length field. */
function chunk(id: string, body: Uint8Array, declared = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length)
  out.set([...ascii(id), ...u32(declared >>> 0)])
  out.set(body, 8)
  return out
}

function concat(parts: readonly (Uint8Array | number[])[]): Uint8Array {
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
const smfOf = (bodies: readonly Uint8Array[], format = 1, division = 480): Uint8Array =>
  concat([header(format, bodies.length, division), ...bodies.map((b) => chunk('MTrk', b))])

const randomBytes = (rng: Rng, n: number): Uint8Array => {
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
const logSize = (rng: Rng, lo: number, hi: number): number =>
  Math.round(Math.exp(Math.log(lo) + rng.uniform() * (Math.log(hi) - Math.log(lo))))

/** A case built when written, from its own generator (so any case can be rebuilt alone, byte for byte). */
const inMemory = (name: string, kind: string, rng: Rng, make: (rng: Rng) => Uint8Array): HostileCase => ({
  name,
  kind,
  async write(path) {
    const bytes = make(Rng.fromState(rng.state()))
    await writeFile(path, bytes)
    return bytes.length
  },
})

/** Track body of `n` note-ons in running status (never switched off) over `pitches` distinct pitches. */
function openNotes(n: number, pitches: number, delta = 0): Uint8Array {
  const b = new Bytes().push(0, 0x90, 60, 64)
  for (let i = 1; i < n; i++) b.vlq(delta).push(i % pitches, 1 + (i % 127))
  return b.push(0, 0xff, 0x2f, 0).done()
}

/** `n` zero-length notes: on + off (NoteOn velocity 0, running status) at the same tick. */
function zeroLengthNotes(n: number, pitches = 128, offAs80 = false): Uint8Array {
  const b = new Bytes().push(0, 0x90)
  for (let i = 0; i < n; i++) {
    const p = i % pitches
    if (offAs80) b.push(p, 64, 0, 0x80, p, 0, 0, 0x90)
    else b.push(p, 64, 0, p, 0, 0)
  }
  return b.push(0xff, 0x2f, 0).done()
}

/** Ordinary closed notes, `n` of them, running status, a few pitches. */
function closedNotes(n: number, rng: Rng, maxDelta = 48): Uint8Array {
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
function randomEvents(rng: Rng, size: number): Uint8Array {
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
function nestedMeta(depth: number, core: Uint8Array, type = 0x01): Uint8Array {
  let inner = core
  for (let d = 0; d < depth; d++) {
    const b = new Bytes().push(0xff, type).vlq(inner.length).bytes(inner)
    inner = b.done()
  }
  return new Bytes().push(0).bytes(inner).push(0, 0xff, 0x2f, 0).done()
}

/** A file of `bytes` bytes (50–200 MB), streamed to disk in 4 MB pieces; `fill` makes each piece. */
function streamed(
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
function validSong(rng: Rng): Uint8Array {
  const tracks = Array.from({ length: 1 + rng.int(3) }, () =>
    new Bytes()
      .push(0, 0xff, 0x51, 3, 7, 0xa1, 0x20)
      .bytes(closedNotes(20 + rng.int(300), rng))
      .done(),
  )
  return smfOf(tracks, 1, [96, 120, 384, 480, 960][rng.int(5)])
}

function mutate(rng: Rng, src: Uint8Array): Uint8Array {
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

/**
 * The adversarial set: `count` cases (default 1,000) from `seed`. The structured cases come first, then random
 * bodies, random event streams and mutations fill up to `count` in a fixed order.
 */
export function hostileCases(seed = 20_261_201, count = 1000): HostileCase[] {
  const seeds = new Rng(seed)
  const cases: HostileCase[] = []
  const add = (name: string, kind: string, make: (rng: Rng) => Uint8Array): void =>
    void cases.push(inMemory(name, kind, new Rng(seeds.uint32()), make))

  // Huge declared lengths.
  const body = closedNotes(50, new Rng(seed + 1))
  add('mtrk-len-ffffffff', 'declared-length', () =>
    concat([header(1, 1, 480), chunk('MTrk', body, 0xffffffff)]),
  )
  add('mtrk-len-plus-1', 'declared-length', () =>
    concat([header(1, 1, 480), chunk('MTrk', body, body.length + 1)]),
  )
  add('mthd-len-7fffffff', 'declared-length', () =>
    concat([header(1, 1, 480, 0x7fffffff), chunk('MTrk', body)]),
  )
  add('mthd-len-5', 'declared-length', () => concat([header(1, 1, 480, 5), chunk('MTrk', body)]))
  add('announces-65535-tracks', 'declared-length', () => concat([header(1, 65535, 480), chunk('MTrk', body)]))
  add('meta-len-0fffffff', 'declared-length', () =>
    smfOf([new Bytes().push(0, 0xff, 0x01).vlq(0x0fffffff).done()]),
  )
  add('sysex-len-0fffffff', 'declared-length', () =>
    smfOf([new Bytes().push(0, 0xf0).vlq(0x0fffffff).done()]),
  )
  add('varint-5-bytes', 'declared-length', () =>
    smfOf([Uint8Array.from([0x81, 0x81, 0x81, 0x81, 0x01, 0x90, 60, 64])]),
  )
  add('riff-data-len-huge', 'declared-length', () =>
    concat([
      ascii('RIFF'),
      [0xff, 0xff, 0xff, 0x7f],
      ascii('RMID'),
      ascii('data'),
      [0xff, 0xff, 0xff, 0xff],
      smfOf([body]),
    ]),
  )
  add('riff-10000-empty-chunks', 'declared-length', () =>
    concat([
      ascii('RIFF'),
      u32(0),
      ascii('RMID'),
      ...Array.from({ length: 10_000 }, () => [...ascii('junk'), 0, 0, 0, 0]),
    ]),
  )
  for (let i = 0; i < 60; i++) {
    add(`declared-random-${i}`, 'declared-length', (rng) => {
      const b = smfOf([closedNotes(1 + rng.int(200), rng)])
      b.set(u32(rng.uint32()), [4, 18][rng.int(2)])
      return b
    })
  }

  // Running-status abuse: notes held open, one pitch or many, delta 0 or not, up to past the event cap.
  for (const n of [1_000, 10_000, 30_000, 100_000, 249_000, 400_000, 600_000, 2_000_000, 5_500_000]) {
    for (const pitches of [1, 126]) {
      add(`open-notes-${n}-p${pitches}`, 'running-status', () => smfOf([openNotes(n, pitches)], 0))
    }
  }
  add('running-status-without-status', 'running-status', () =>
    smfOf([Uint8Array.from([0, 60, 64, 0, 62, 64])]),
  )
  add('running-status-after-sysex', 'running-status', () =>
    smfOf([Uint8Array.from([0, 0x90, 60, 64, 0, 0xf0, 1, 0xf7, 0, 62, 64])]),
  )
  add('running-status-after-meta', 'running-status', () =>
    smfOf([Uint8Array.from([0, 0x90, 60, 64, 0, 0xff, 0x01, 1, 65, 0, 62, 64, 10, 60, 0, 0, 62, 0])]),
  )
  add('running-status-program-changes', 'running-status', () => {
    const b = new Bytes().push(0, 0xc0)
    for (let i = 0; i < 400_000; i++) b.push(0, i % 128)
    return smfOf([b.done()])
  })
  add('data-byte-over-127', 'running-status', () => smfOf([Uint8Array.from([0, 0x90, 200, 64])]))
  for (let i = 0; i < 100; i++) {
    add(`running-status-random-${i}`, 'running-status', (rng) => {
      const b = new Bytes().push(0, 0x90 + rng.int(16))
      for (let j = 0, n = logSize(rng, 10, 300_000); j < n; j++) {
        b.vlq(rng.int(3)).push(rng.int(128), rng.uniform() < 0.4 ? 0 : rng.int(128))
      }
      return smfOf([b.done()], 0)
    })
  }

  // A million zero-length notes (and smaller counts that stay under the event cap).
  add('million-zero-length-notes', 'zero-length', () => smfOf([zeroLengthNotes(1_000_000)], 0))
  add('million-zero-length-notes-one-pitch', 'zero-length', () => smfOf([zeroLengthNotes(1_000_000, 1)], 0))
  add('million-zero-length-notes-0x80', 'zero-length', () =>
    smfOf([zeroLengthNotes(1_000_000, 128, true)], 0),
  )
  add('million-zero-length-notes-16-tracks', 'zero-length', () =>
    smfOf(Array.from({ length: 16 }, () => zeroLengthNotes(62_500))),
  )
  for (const n of [1_000, 100_000, 240_000])
    add(`zero-length-notes-${n}`, 'zero-length', () => smfOf([zeroLengthNotes(n)], 0))

  // Deep meta nesting and chunk-in-chunk confusion.
  for (const depth of [10, 100, 1_000, 5_000]) {
    add(`nested-meta-depth-${depth}`, 'meta-nesting', () =>
      smfOf([nestedMeta(depth, Uint8Array.from(ascii('core')))]),
    )
    add(`nested-sysex-in-meta-${depth}`, 'meta-nesting', () =>
      smfOf([nestedMeta(depth, Uint8Array.from([0xf0, 2, 0x7e, 0xf7]), 0x7f)]),
    )
  }
  add('text-meta-8mb', 'meta-nesting', (rng) =>
    smfOf([
      new Bytes()
        .push(0, 0xff, 0x01)
        .vlq(8 << 20)
        .bytes(randomBytes(rng, 8 << 20))
        .push(0, 0xff, 0x2f, 0)
        .done(),
    ]),
  )
  add('text-metas-400k', 'meta-nesting', () => {
    const b = new Bytes()
    for (let i = 0; i < 400_000; i++) b.push(0, 0xff, 0x01, 4, 0x41, 0x42, 0x43, 0x44)
    return smfOf([b.done()])
  })
  add('text-metas-600k', 'meta-nesting', () => {
    const b = new Bytes()
    for (let i = 0; i < 600_000; i++) b.push(0, 0xff, 0x03, 1, 0x41)
    return smfOf([b.done()])
  })
  add('tempo-metas-450k', 'meta-nesting', (rng) => {
    const b = new Bytes()
    for (let i = 0; i < 450_000; i++) b.push(1, 0xff, 0x51, 3, 1 + (i % 200), 0, 0)
    return smfOf([concat([b.done(), closedNotes(10, rng)])])
  })
  add('mthd-inside-mtrk', 'meta-nesting', () => smfOf([concat([header(1, 1, 480), chunk('MTrk', body)])]))
  add('65535-empty-tracks', 'meta-nesting', () =>
    smfOf(Array.from({ length: 65535 }, (_, i) => (i === 0 ? body : Uint8Array.from([0, 0xff, 0x2f, 0])))),
  )
  add('alien-chunks-20000', 'meta-nesting', () =>
    concat([
      header(1, 1, 480),
      ...Array.from({ length: 20_000 }, () => chunk('XFIH', new Uint8Array(4))),
      chunk('MTrk', body),
    ]),
  )
  add('riff-in-riff', 'meta-nesting', () => {
    let inner = smfOf([body])
    for (let d = 0; d < 50; d++)
      inner = concat([
        ascii('RIFF'),
        u32(inner.length + 4),
        ascii('RMID'),
        ascii('data'),
        u32(inner.length),
        inner,
      ])
    return inner
  })
  for (let i = 0; i < 80; i++) {
    add(`nested-meta-random-${i}`, 'meta-nesting', (rng) =>
      smfOf([
        nestedMeta(1 + rng.int(2000), randomBytes(rng, rng.int(64)), [0x01, 0x03, 0x7f, 0x05][rng.int(4)]),
      ]),
    )
  }

  // Maximal legal files: as many notes as the event cap allows, in every shape.
  add('notes-249999-one-track', 'heavy-valid', (rng) => smfOf([closedNotes(249_999, rng)], 0))
  add('notes-16-tracks-15600', 'heavy-valid', (rng) =>
    smfOf(Array.from({ length: 16 }, () => closedNotes(15_600, rng))),
  )
  add('notes-one-pitch-overlapping-249k', 'heavy-valid', () => smfOf([openNotes(249_000, 1, 1)], 0))
  add('chords-128-pitches', 'heavy-valid', () => {
    // 1,900 chords of all 128 pitches (running status), each held 96 ticks.
    const b = new Bytes().push(0, 0x90, 0, 100)
    for (let c = 0; c < 1900; c++) {
      for (let p = c === 0 ? 1 : 0; p < 128; p++) b.push(0, p, 100)
      for (let p = 0; p < 128; p++) b.push(p === 0 ? 96 : 0, p, 0)
    }
    return smfOf([b.push(0, 0xff, 0x2f, 0).done()], 0)
  })
  add('huge-ticks', 'heavy-valid', (rng) => smfOf([closedNotes(200_000, rng, 0x0fffffff)], 0))
  add('ppq-1', 'heavy-valid', (rng) => smfOf([closedNotes(100_000, rng)], 0, 1))
  add('ppq-32767', 'heavy-valid', (rng) => smfOf([closedNotes(100_000, rng)], 0, 32767))
  add('smpte-25fps', 'heavy-valid', (rng) => smfOf([closedNotes(100_000, rng)], 0, 0xe728))
  add('max-size-16mib-notes', 'heavy-valid', () => {
    const b = new Bytes().push(0, 0x90)
    while (b.length < 16 * 1024 * 1024 - 64) b.push(60, 64, 1, 60, 0, 1)
    return smfOf([b.done()], 0)
  })
  add('max-size-16mib-random', 'random-body', (rng) => smfOf([randomBytes(rng, 16 * 1024 * 1024 - 64)]))
  add('max-size-16mib-random-events', 'random-events', (rng) =>
    smfOf([randomEvents(rng, 16 * 1024 * 1024 - 256)]),
  )

  // 50–200 MB files, streamed to disk (valid header, then random bytes, notes, or zeros).
  const mb = 1024 * 1024
  const bigHead = (total: number) => concat([header(0, 1, 480), ascii('MTrk'), u32(total - 22)])
  const noteRun = new Bytes().push(60, 64, 1, 60, 0, 1).done()
  for (const [size, fill] of [
    [50, 'random'],
    [100, 'notes'],
    [150, 'zeros'],
    [200, 'random'],
  ] as const) {
    const bytes = size * mb
    const bigRng = new Rng(seed + size)
    cases.push(
      streamed(`file-${size}mb-${fill}`, 'huge-file', bytes, bigHead(bytes), (_i, n) => {
        if (fill === 'random') return randomBytes(bigRng, n)
        const out = new Uint8Array(n)
        if (fill === 'notes') for (let j = 0; j + 6 <= n; j += 6) out.set(noteRun, j)
        return out
      }),
    )
  }

  // Fill up: random bodies behind valid headers, random event streams, mutations of valid songs.
  const fills: [string, (rng: Rng) => Uint8Array][] = [
    [
      'random-body',
      (rng) => {
        const division = rng.uniform() < 0.1 ? 0xe700 | rng.int(256) : 1 + rng.int(0x7fff)
        const tracks = Array.from({ length: 1 + rng.int(4) }, () =>
          randomBytes(rng, logSize(rng, 1, rng.uniform() < 0.02 ? 4 * mb : 256 * 1024)),
        )
        return concat([header(rng.int(3), tracks.length, division), ...tracks.map((t) => chunk('MTrk', t))])
      },
    ],
    ['random-events', (rng) => smfOf([randomEvents(rng, logSize(rng, 4, 512 * 1024))], 0)],
    ['mutated', (rng) => mutate(rng, validSong(rng))],
  ]
  for (let i = 0; cases.length < count; i++) {
    const [kind, make] = fills[i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2]
    add(`${kind}-${i}`, kind, make)
  }
  return cases.slice(0, count)
}
