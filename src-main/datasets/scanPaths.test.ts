// scanPaths: recursive, case-insensitive .mid/.midi, stable order, names relative to the given folder, bad paths listed.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
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

  it('follows symbolic links only within the chosen folder; links leading outside are skipped with a reason', async () => {
    const root = join(dir, 'links')
    const chosen = join(root, 'chosen')
    const outside = join(root, 'outside')
    mkdirSync(join(chosen, 'inner'), { recursive: true })
    mkdirSync(join(outside, 'deep'), { recursive: true })
    writeFileSync(join(chosen, 'inner', 'own.mid'), 'x')
    writeFileSync(join(outside, 'secret.mid'), 'x')
    writeFileSync(join(outside, 'deep', 'secret2.mid'), 'x')
    symlinkSync(join(outside, 'secret.mid'), join(chosen, 'escape.mid')) // file link out
    symlinkSync(outside, join(chosen, 'escape-dir')) // folder link out
    symlinkSync('../../outside/deep/secret2.mid', join(chosen, 'inner', 'relative.mid')) // relative link out
    symlinkSync(join(chosen, 'inner', 'own.mid'), join(chosen, 'alias.mid')) // file link within: followed
    symlinkSync(join(chosen, 'inner'), join(chosen, 'inner-alias')) // folder link within: walked once
    symlinkSync(chosen, join(chosen, 'inner', 'loop')) // a cycle back to the root
    symlinkSync(join(root, 'gone.mid'), join(chosen, 'dangling.mid'))
    const r = await scanPaths([chosen])
    const real = realpathSync(join(chosen, 'inner', 'own.mid'))
    // The linked file and its target are one file (read once, under the first name in sorted order); the linked
    // folder and the cycle are walked once.
    expect(r.files).toEqual([{ path: real, name: 'alias.mid' }])
    const skipped = Object.fromEntries(r.failures.map((f) => [f.file.slice(chosen.length + 1), f.reason]))
    expect(skipped).toEqual({
      'dangling.mid': 'unreadable',
      'escape-dir': 'outside-folder',
      'escape.mid': 'outside-folder',
      'inner/relative.mid': 'outside-folder',
    })
    const why = r.failures.find((f) => f.file.endsWith('escape.mid'))!.message
    expect(why).toMatch(
      /escape\.mid is a link to the file .*secret\.mid, outside the chosen folder .*chosen; skipped/,
    )
    // A link the user picked directly is their choice and is followed.
    expect((await scanPaths([join(chosen, 'escape.mid')])).files).toHaveLength(1)
  })

  it('recognises .mid and .midi in any case only', () => {
    expect(['a.mid', 'b.MIDI', 'c.MiD'].every(isMidiName)).toBe(true)
    expect(['a.midx', 'mid', 'a.kar', 'a.mid.txt'].some(isMidiName)).toBe(false)
  })

  it('stops when the signal is already aborted', async () => {
    await expect(scanPaths([dir], AbortSignal.abort())).rejects.toThrow()
  })
})
