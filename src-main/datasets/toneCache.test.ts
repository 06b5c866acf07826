// Tone cache: exact float round trip with per-file offsets, and a clear error when its size disagrees with the manifest.
import { mkdtempSync, rmSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CACHE_FILE } from './manifest'
import { fileTones, readToneCache, writeToneCache } from './toneCache'

let dir = ''
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cache-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('tone cache', () => {
  it('stores files back to back and returns each file exactly', async () => {
    const a = new Float32Array([0, 384, 261.625565, 80, 384, 192, 293.66, 64])
    const b = new Float32Array(0)
    const c = new Float32Array([96, 48, 440, 127])
    const { offsets, rows } = await writeToneCache(dir, [a, b, c])
    expect(offsets).toEqual([0, 2, 2])
    expect(rows).toBe(3)
    const all = await readToneCache(dir, rows)
    expect([...fileTones(all, offsets[0], 2)]).toEqual([...a])
    expect(fileTones(all, offsets[1], 0)).toHaveLength(0)
    expect([...fileTones(all, offsets[2], 1)]).toEqual([...c])
  })

  it('refuses a cache whose size does not match the manifest, naming the file', async () => {
    await writeToneCache(dir, [new Float32Array(8)])
    truncateSync(join(dir, CACHE_FILE), 20)
    await expect(readToneCache(dir, 2)).rejects.toThrow(/cache\.bin has 20 bytes, the manifest expects 32/)
  })

  it('refuses rows that are not multiples of 4 floats', async () => {
    await expect(writeToneCache(dir, [new Float32Array(3)])).rejects.toThrow('not a multiple of 4')
  })
})
