// The starter recipe's data selection (scripts/starter/data.ts): only public-domain files, each piece on one side.
import { describe, expect, it } from 'vitest'
import { corpusDir, hasCorpus } from '../../../tests/support/corpus'
import { parseCsvLine, starterFiles } from '../../../scripts/starter/data'

describe('starter data', () => {
  it('parses quoted CSV fields', () => {
    expect(parseCsvLine('a,"Harpsichord, Piano","say ""hi""",')).toEqual([
      'a',
      'Harpsichord, Piano',
      'say "hi"',
      '',
    ])
  })

  describe.skipIf(!hasCorpus)('on the shared corpus', () => {
    it('takes JSB + the 83 "Public Domain" mutopia files, never a CC file, keeping each piece on one side', async () => {
      const files = await starterFiles(corpusDir)
      const mutopia = files.filter((f) => f.source === 'mutopia')
      expect(mutopia).toHaveLength(83)
      const csv = (await import('node:fs')).readFileSync(`${corpusDir}/mutopia-bach/index.csv`, 'utf8')
      const cc = csv
        .split('\n')
        .map(parseCsvLine)
        .filter((r) => r[3]?.startsWith('Creative Commons'))
        .map((r) => `mutopia-bach/${r[0]}`)
      expect(cc.length).toBeGreaterThan(0)
      expect(files.some((f) => cc.includes(f.name))).toBe(false)
      const sides = new Map<string, Set<string>>()
      for (const f of mutopia) sides.set(f.piece, (sides.get(f.piece) ?? new Set()).add(f.split))
      expect([...sides.values()].every((s) => s.size === 1)).toBe(true)
      expect(mutopia.some((f) => f.split === 'validation')).toBe(true)
      const jsb = (split: string) => files.filter((f) => f.source === 'jsb' && f.split === split).length
      expect([jsb('train'), jsb('validation'), jsb('test')]).toEqual([229, 76, 77])
    })
  })
})
