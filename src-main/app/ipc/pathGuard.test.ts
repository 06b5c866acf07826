// PathGuard: containment by real path, no prefix confusion between sibling folders, files about to be written.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { IpcFailure } from '@common/ipc/result'
import { PathGuard } from './pathGuard'

const code = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof IpcFailure ? e.code : String(e)),
  )

describe('PathGuard', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guard-'))
    mkdirSync(join(dir, 'music'))
    mkdirSync(join(dir, 'music2'))
    writeFileSync(join(dir, 'music', 'a.mid'), 'x')
    writeFileSync(join(dir, 'music2', 'b.mid'), 'x')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('allows paths inside a root and refuses a sibling that shares its prefix', async () => {
    const g = new PathGuard()
    await g.allow(join(dir, 'music'))
    expect(await code(g.check(join(dir, 'music', 'a.mid')))).toBe('ok')
    expect(await code(g.check(join(dir, 'music')))).toBe('ok')
    expect(await code(g.check(join(dir, 'music2', 'b.mid')))).toBe('forbidden-path')
    expect(await code(g.check(join(dir, 'music', '..', 'music2')))).toBe('forbidden-path')
  })

  it('allows a not-yet-existing file under a root (save target) and refuses relative paths', async () => {
    const g = new PathGuard([join(dir, 'music')])
    expect(await g.check(join(dir, 'music', 'new', 'out.mid'))).toMatch(/music[\\/]new[\\/]out\.mid$/)
    expect(await code(g.check('music/a.mid'))).toBe('forbidden-path')
    expect(await code(g.allow('relative/dir'))).toBe('forbidden-path')
  })

  it('judges a symlinked root by both its link and its target', async () => {
    symlinkSync(join(dir, 'music2'), join(dir, 'music', 'link'))
    const g = new PathGuard()
    await g.allow(join(dir, 'music'))
    // The link points outside the chosen folder: refused until the user picks its target too.
    expect(await code(g.check(join(dir, 'music', 'link', 'b.mid')))).toBe('forbidden-path')
    await g.allow(join(dir, 'music2'))
    expect(await code(g.check(join(dir, 'music', 'link', 'b.mid')))).toBe('ok')
  })
})

describe('PathGuard.checkWrite', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guard-w-'))
    mkdirSync(join(dir, 'data', 'library'), { recursive: true })
    mkdirSync(join(dir, 'songs'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('writes only exact chosen files, never inside protected folders, and not through symlinks into them', async () => {
    const g = new PathGuard([join(dir, 'data', 'library')], { protect: [join(dir, 'data')] })
    const target = join(dir, 'songs', 'a.crnnproj')
    expect(await code(g.checkWrite(target))).toBe('forbidden-path')
    await g.allowWrite(target)
    expect(await g.checkWrite(target)).toBe(target)
    expect(await code(g.checkWrite(join(dir, 'songs', 'b.crnnproj')))).toBe('forbidden-path') // a sibling
    expect(await code(g.check(join(dir, 'songs', 'a.crnnproj')))).toBe('ok') // and it is readable
    for (const inside of [
      join(dir, 'data', 'window-state.json'),
      join(dir, 'data', 'library', 'x', 'manifest.json'),
    ]) {
      await g.allowWrite(inside)
      expect(await code(g.checkWrite(inside))).toBe('forbidden-path')
    }
    writeFileSync(join(dir, 'data', 'settings.json'), '{}')
    symlinkSync(join(dir, 'data', 'settings.json'), join(dir, 'songs', 'link.crnnproj'))
    await g.allowWrite(join(dir, 'songs', 'link.crnnproj'))
    expect(await code(g.checkWrite(join(dir, 'songs', 'link.crnnproj')))).toBe('forbidden-path')
  })
})
