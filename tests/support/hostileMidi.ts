// Seeded generator of an adversarial MIDI set (issue #10 item 6): random bodies behind valid headers, huge declared
// lengths, running-status abuse, a million zero-length notes, deep meta nesting, 50–200 MB files, maximal legal files
// and mutations of valid ones. Cases are built lazily and written one at a time, so the big ones exist on disk only
// while they are parsed. Same seed → byte-identical set.
import { Rng } from '../../src-main/common/random'
import {
  Bytes,
  ascii,
  chunk,
  closedNotes,
  concat,
  header,
  inMemory,
  logSize,
  mutate,
  nestedMeta,
  openNotes,
  randomBytes,
  randomEvents,
  smfOf,
  streamed,
  u32,
  validSong,
  zeroLengthNotes,
  type HostileCase,
} from './hostileMidiBytes'

export type { HostileCase } from './hostileMidiBytes'

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
  // The 180 KB file: notes held open (each closed only by the track's end), every one followed by a
  // note-off of a pitch nobody holds — the spec's pairing rescanned all open notes at each of those.
  for (const n of [30_000, 100_000, 240_000]) {
    add(`held-notes-stray-offs-${n}`, 'running-status', () => {
      const b = new Bytes().push(0, 0x90, 1, 64)
      for (let i = 1; i < n; i++) b.push(1, 1 + (i % 126), 64, 0, 127, 0)
      return smfOf([b.push(0, 0xff, 0x2f, 0).done()], 0)
    })
  }
  // 12 MB of running-status notes (2 M closed notes): 12 s and 2.3 GB before the event cap.
  add('notes-12mb-running-status', 'running-status', () => {
    const b = new Bytes().push(0, 0x90)
    for (let i = 0; i < 2_000_000; i++) b.push(36 + (i % 48), 64, 10, 36 + (i % 48), 0, 0)
    return smfOf([b.push(0xff, 0x2f, 0).done()], 0)
  })
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
