// scanPaths: recursive, case-insensitive .mid/.midi, stable order, names relative to the given folder, bad paths listed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isMidiName, scanPaths } from './scanPaths'

const dir = mkdtempSync(join(tmpdir(), 'scan-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('scanPaths', () => {
  it('finds MIDI files recursively in sorted order and keeps explicit files', async () => {
    mkdirSync(join(dir, 'lib', 'b', 'deep'), { recursive: true })
    for (const f of [
      'lib/z.MID',
      'lib/a.mid',
      'lib/b/deep/c.Midi',
      'lib/readme.txt',
      'lib/b/x.midx',
      'other.txt',
    ]) {
      writeFileSync(join(dir, f), 'x')
    }
    const r = await scanPaths([
      join(dir, 'lib'),
      join(dir, 'other.txt'),
      join(dir, 'lib', 'a.mid'),
      join(dir, 'nope'),
    ])
    expect(r.files.map((f) => f.name)).toEqual(['a.mid', 'b/deep/c.Midi', 'z.MID', 'other.txt'])
    expect(r.files[0].path).toBe(join(dir, 'lib', 'a.mid'))
    expect(r.failures).toHaveLength(1)
    expect(r.failures[0]).toMatchObject({ file: join(dir, 'nope'), reason: 'unreadable' })
    expect(r.failures[0].message).toMatch(/ENOENT/)
  })

  it('recognises .mid and .midi in any case only', () => {
    expect(['a.mid', 'b.MIDI', 'c.MiD'].every(isMidiName)).toBe(true)
    expect(['a.midx', 'mid', 'a.kar', 'a.mid.txt'].some(isMidiName)).toBe(false)
  })

  it('stops when the signal is already aborted', async () => {
    await expect(scanPaths([dir], AbortSignal.abort())).rejects.toThrow()
  })
})
