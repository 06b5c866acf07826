// Seeded mutation fuzzing: every mutated file must either parse or throw MidiFormatError, fast, never hang/crash.
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { noteOnsFromMidi } from '../metrics/noteOns'
import { readTones } from '../crnngan/tones'
import { MidiFormatError } from './errors'
import { readSong } from './readSong'
import { encodeSmf } from './smfWrite'
import { richSong } from './testSongs'
import { writeSong } from './writeSong'

/** One of: bit flips, truncation, a bogus 32-bit length at a chunk header, byte insertion/deletion, random splice. */
function mutate(bytes: Uint8Array, rng: Rng): Uint8Array {
  const b = bytes.slice()
  switch (rng.int(6)) {
    case 0:
      for (let i = 1 + rng.int(8); i > 0; i--) b[rng.int(b.length)] ^= 1 << rng.int(8)
      return b
    case 1:
      return b.subarray(0, rng.int(b.length))
    case 2: {
      const chunks: number[] = []
      for (let i = 0; i + 4 <= b.length; i++) if (b[i] === 0x4d && b[i + 1] === 0x54) chunks.push(i)
      const at = chunks.length > 0 ? chunks[rng.int(chunks.length)] : 0
      for (let i = 4; i < 8 && at + i < b.length; i++) b[at + i] = rng.int(256)
      return b
    }
    case 3: {
      const at = rng.int(b.length)
      const ins = Array.from({ length: 1 + rng.int(16) }, () => rng.int(256))
      return Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at)])
    }
    case 4: {
      const at = rng.int(b.length)
      return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + rng.int(16))])
    }
    default:
      for (let i = rng.int(b.length); i < b.length && rng.uniform() < 0.95; i++) b[i] = rng.int(256)
      return b
  }
}

/** Runs every reader on `bytes`; returns the failure reason or 'ok'. Anything but MidiFormatError fails the test. */
function readAll(bytes: Uint8Array): string {
  try {
    readTones(bytes)
    noteOnsFromMidi(bytes)
    readSong(bytes)
    return 'ok'
  } catch (e) {
    if (e instanceof MidiFormatError) return e.reason
    throw new Error(`non-MidiFormatError thrown: ${String(e)}`, { cause: e })
  }
}

describe('MIDI readers under mutation', () => {
  it('1000 seeded mutations of generated files: parse or throw MidiFormatError, each well under 1 s', () => {
    const rng = new Rng(20240611)
    const seeds = [writeSong(richSong())]
    const reasons = new Map<string, number>()
    let slowest = 0
    for (let i = 0; i < 1000; i++) {
      const m = mutate(seeds[0], rng)
      const t0 = performance.now()
      const r = readAll(m)
      slowest = Math.max(slowest, performance.now() - t0)
      reasons.set(r, (reasons.get(r) ?? 0) + 1)
    }
    expect(slowest).toBeLessThan(1000)
    // The mutations must actually exercise the error paths, not only yield parseable files.
    expect(reasons.get('corrupt') ?? 0).toBeGreaterThan(0)
    expect(reasons.get('truncated') ?? 0).toBeGreaterThan(0)
  })

  it('pure garbage and pathological inputs fail fast', () => {
    const rng = new Rng(5)
    for (let i = 0; i < 200; i++) {
      const junk = Uint8Array.from({ length: rng.int(5000) }, () => rng.int(256))
      if (i % 2 === 0) junk.set([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6], 0) // valid-looking header, garbage after
      expect(['ok', 'empty', 'not-midi', 'truncated', 'corrupt', 'no-notes']).toContain(readAll(junk))
    }
    // A 16-MiB-long meta length in a tiny file, and a varint of 5 bytes.
    const hugeMeta = encodeSmf(0, 96, [
      { events: [{ tick: 0, bytes: [0xff, 0x01, 0x87, 0xff, 0xff, 0x7f] }] },
    ])
    expect(readAll(hugeMeta)).toBe('corrupt')
    const big = new Uint8Array(4_000_000)
    big.set(writeSong(richSong()))
    expect(readAll(big)).toBe('ok') // trailing zeros after the announced tracks are ignored
  })
})
