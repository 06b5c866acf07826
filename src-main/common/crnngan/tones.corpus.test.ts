// readTones against the spec-literal (rescanning) pairing on every file of the shared corpus: the linear pairing
// must give exactly the same tones, in the same order. Skipped without ../shared/data.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { corpusFiles, hasCorpus } from '../../../tests/support/corpus'
import { referenceTones } from './testing/tonesReference'
import { readTones } from './tones'

describe.skipIf(!hasCorpus)('readTones on the real corpus', () => {
  it('equals the reference pairing on every corpus file', () => {
    const files = corpusFiles()
    expect(files.length).toBeGreaterThan(800)
    let compared = 0
    for (const f of files) {
      const bytes = readFileSync(f)
      let expected
      try {
        expected = referenceTones(bytes)
      } catch (err) {
        expect(() => readTones(bytes), f).toThrow((err as Error).message)
        continue
      }
      expect(readTones(bytes), f).toEqual(expected)
      compared++
    }
    expect(compared).toBeGreaterThan(800)
  })
})
