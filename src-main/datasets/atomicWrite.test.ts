// writeFileAtomic: content lands whole, no temp files remain, a failed write leaves the old content in place.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writeFileAtomic } from './atomicWrite'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('writeFileAtomic', () => {
  it('writes strings and typed-array views exactly, replacing old content, leaving no temp file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'atomic-'))
    const p = join(dir, 'a.json')
    writeFileSync(p, 'old content that is longer')
    await writeFileAtomic(p, '{"x":1}')
    expect(readFileSync(p, 'utf8')).toBe('{"x":1}')
    const floats = new Float32Array([1.5, -2, 3.25, 4])
    await writeFileAtomic(p, floats.subarray(1, 3))
    const back = new Float32Array(new Uint8Array(readFileSync(p)).buffer)
    expect([...back]).toEqual([-2, 3.25])
    expect(readdirSync(dir)).toEqual(['a.json'])
  })

  it('keeps the previous file and removes its temp file when the write fails', async () => {
    dir = mkdtempSync(join(tmpdir(), 'atomic-'))
    const target = join(dir, 'sub')
    // Renaming a file over a non-empty directory fails after the temp file was written.
    await import('node:fs').then((fs) => {
      fs.mkdirSync(target)
      fs.writeFileSync(join(target, 'keep'), 'x')
    })
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow()
    expect(readdirSync(dir)).toEqual(['sub'])
    expect(readFileSync(join(target, 'keep'), 'utf8')).toBe('x')
  })

  it('fails with the path when the directory does not exist', async () => {
    dir = mkdtempSync(join(tmpdir(), 'atomic-'))
    await expect(writeFileAtomic(join(dir, 'missing', 'f'), 'x')).rejects.toThrow(/missing/)
  })
})
