// Uploads land under server-made names in a server-made folder, within type and size limits; names are never paths.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { safeFileName, safeRelativePath } from './uploadNames'
import { UploadStore } from './uploads'

const root = mkdtempSync(join(tmpdir(), 'crnngan-uploads-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const body = (s: string | Buffer): Readable => Readable.from([Buffer.from(s)])

describe('upload names', () => {
  it('keeps a relative path as safe segments and refuses anything that could point elsewhere', () => {
    expect(safeRelativePath('jsb/train/a b.mid')).toEqual(['jsb', 'train', 'a b.mid'])
    expect(safeRelativePath('Bach: BWV 1?.mid')).toEqual(['Bach_ BWV 1_.mid'])
    for (const bad of [
      '../x.mid',
      'a/../../x.mid',
      '/etc/x.mid',
      'a\\..\\x.mid',
      'C:x.mid',
      'a//b.mid',
      './x',
      '',
      'a\u0000.mid',
    ])
      expect(() => safeRelativePath(bad), bad).toThrow()
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('..')).toBe('download')
  })
})

describe('UploadStore', () => {
  it('writes files and folders into its own folder and hands out their paths once', async () => {
    const store = new UploadStore(join(root, 'u1'))
    const files = await store.create('import', false)
    await store.put(files, 'a.mid', body('MThd'), 4)
    const got = store.take(files)!
    expect(got.paths).toEqual([join(store.root, files, 'a.mid')])
    expect(readFileSync(got.paths[0], 'utf8')).toBe('MThd')
    expect(store.take(files)).toBeNull()
    const folder = await store.create('import', true)
    await store.put(folder, 'jsb/x/1.mid', body('1'), 1)
    await store.put(folder, 'jsb/2.MIDI', body('2'), undefined)
    expect(store.take(folder)!.paths).toEqual([join(store.root, folder, 'jsb')])
  })

  it('refuses wrong types, duplicates, too many and too large files, and keeps nothing of a refused one', async () => {
    const store = new UploadStore(join(root, 'u2'), 10_000)
    const id = await store.create('project', false)
    await expect(store.put(id, 'a.mid', body('x'), 1)).rejects.toMatchObject({ status: 415 })
    await expect(store.put(id, '../a.crnnproj', body('x'), 1)).rejects.toMatchObject({ status: 400 })
    await expect(store.put(id, 'dir/a.crnnproj', body('x'), 1)).rejects.toMatchObject({ status: 400 })
    await store.put(id, 'a.crnnproj', body('{}'), 2)
    await expect(store.put(id, 'A.crnnproj', body('{}'), 2)).rejects.toMatchObject({ status: 409 })
    const big = await store.create('import', false)
    // Declared size over the server's quota: refused before reading.
    await expect(store.put(big, 'b.mid', body('x'), 20_000)).rejects.toMatchObject({ status: 413 })
    // Undeclared, and larger than announced while streaming: refused mid-way, the partial file removed.
    await expect(store.put(big, 'c.mid', body(Buffer.alloc(12_000)), undefined)).rejects.toMatchObject({
      status: 413,
    })
    expect(existsSync(join(store.root, big, 'c.mid'))).toBe(false)
    await expect(store.put(big, 'd.mid', body('abc'), 5)).rejects.toMatchObject({ status: 400 })
    expect(store.take(big)).toBeNull()
    await expect(store.put('0'.repeat(24), 'a.mid', body('x'), 1)).rejects.toMatchObject({ status: 404 })
  })
})
