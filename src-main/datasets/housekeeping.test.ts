// sweepStale removes half-finished removals and old crashed imports but keeps a fresh import of another process.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { normalizeTags, sweepStale } from './housekeeping'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('housekeeping', () => {
  it('sweeps .trash-* and day-old .tmp-* folders only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sweep-'))
    for (const n of ['.trash-ds-a-1', '.tmp-ds-old-2', '.tmp-ds-new-3', 'ds-keep-4']) {
      mkdirSync(join(dir, n))
      writeFileSync(join(dir, n, 'f'), 'x')
    }
    const twoDaysAgo = (Date.now() - 2 * 24 * 3600 * 1000) / 1000
    utimesSync(join(dir, '.tmp-ds-old-2'), twoDaysAgo, twoDaysAgo)
    await sweepStale(dir)
    expect(readdirSync(dir).sort()).toEqual(['.tmp-ds-new-3', 'ds-keep-4'])
    await expect(sweepStale(join(dir, 'missing'))).resolves.toBeUndefined()
  })

  it('normalizes tags: trimmed, non-empty, first spelling of case-insensitive repeats, order kept', () => {
    expect(normalizeTags([' Bach ', '', 'bach', 'organ', '  ', 'ORGAN', 'x'])).toEqual(['Bach', 'organ', 'x'])
  })
})
