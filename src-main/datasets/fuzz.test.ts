// Fuzz: seeded mutations (bit flips, truncations, bogus chunk lengths, inserted garbage) of real and built MIDI files
// through the exact parse path the import workers run. No crash, no file over 1 s, every failure has a reason.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isMidiFormatError } from '../common/midi/errors'
import { Rng } from '../common/random'
import { corpusFiles, hasCorpus } from '../../tests/support/corpus'
import { parseMidiBytes } from './parseFile'
import { melody, smf } from './testing/smfFixture'

const REASONS = new Set(['empty', 'not-midi', 'truncated', 'corrupt', 'no-notes', 'too-large'])
const OPTS = { name: 'fuzz', maxBytes: 16 * 1024 * 1024, seed: 1234, windowLength: 100 }

/** One seeded mutation of `src`; returns the bytes and what was done (for failure messages). */
function mutate(src: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  const b = new Uint8Array(src)
  switch (rng.int(4)) {
    case 0: {
      const flips = 1 + rng.int(8)
      for (let i = 0; i < flips; i++) b[rng.int(b.length)] ^= 1 << rng.int(8)
      return { bytes: b, what: `${flips} bit flips` }
    }
    case 1: {
      const at = rng.int(b.length)
      return { bytes: b.subarray(0, at), what: `truncated at ${at}` }
    }
    case 2: {
      // Chunk length fields: the header's (offset 4) or the first track's (offset 18), or a random 4 bytes.
      const at = [4, 18, rng.int(Math.max(1, b.length - 4))][rng.int(3)]
      const len = [0, 1, 0x7fffffff, 0xffffffff, rng.int(2 ** 32)][rng.int(5)]
      new DataView(b.buffer).setUint32(at, len >>> 0)
      return { bytes: b, what: `length ${len} written at ${at}` }
    }
    default: {
      const at = rng.int(b.length + 1)
      const garbage = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256))
      const out = new Uint8Array(b.length + garbage.length)
      out.set(b.subarray(0, at))
      out.set(garbage, at)
      out.set(b.subarray(at), at + garbage.length)
      return { bytes: out, what: `${garbage.length} garbage bytes inserted at ${at}` }
    }
  }
}

/** Runs `count` mutations; returns the problems found (unexpected errors, missing reasons, slow files). */
function fuzz(sources: readonly { name: string; bytes: Uint8Array }[], count: number, seed: number) {
  const rng = new Rng(seed)
  const problems: string[] = []
  let failed = 0
  let slowest = 0
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length]
    const { bytes, what } = mutate(src.bytes, rng)
    const t = performance.now()
    try {
      const r = parseMidiBytes(bytes, OPTS)
      if (r.tones.length % 4 !== 0 || r.notes <= 0)
        problems.push(`${src.name} (${what}): inconsistent result`)
    } catch (err) {
      failed++
      if (!isMidiFormatError(err)) problems.push(`${src.name} (${what}): unexpected ${String(err)}`)
      else if (!REASONS.has(err.reason) || err.message.length === 0)
        problems.push(`${src.name} (${what}): no reason`)
    }
    const ms = performance.now() - t
    slowest = Math.max(slowest, ms)
    if (ms > 1000) problems.push(`${src.name} (${what}): took ${ms.toFixed(0)} ms`)
  }
  return { problems, failed, slowest }
}

describe('import parse path under fuzzing', () => {
  it('survives 400 mutations of files built in code', () => {
    const sources = [
      { name: 'melody', bytes: smf(melody([60, 62, 64, 65, 67, 69, 71, 72], 64)) },
      {
        name: 'chords',
        bytes: smf(
          [0, 1, 2].flatMap((k) => melody([48 + k * 4, 60 + k * 3], 16, 96)),
          { ppq: 96 },
        ),
      },
      { name: 'slow', bytes: smf(melody([40, 90], 30), { bpm: 30 }) },
    ]
    const r = fuzz(sources, 400, 7)
    expect(r.problems).toEqual([])
    expect(r.failed).toBeGreaterThan(50) // the mutations really do break files
  })

  describe.skipIf(!hasCorpus)('on real corpus files', () => {
    it('survives 1,000 mutations of 10 corpus files', () => {
      const files = corpusFiles()
      const picked = Array.from({ length: 10 }, (_, i) => files[Math.floor((i * files.length) / 10)])
      const sources = picked.map((p) => ({
        name: p.split('/').slice(-2).join('/'),
        bytes: new Uint8Array(readFileSync(p)),
      }))
      const r = fuzz(sources, 1000, 1234)
      expect(r.problems).toEqual([])
      expect(r.failed).toBeGreaterThan(100)
      console.log(
        `fuzz: 1000 mutations, ${r.failed} rejected with a reason, slowest ${r.slowest.toFixed(0)} ms`,
      )
    })
  })
})
