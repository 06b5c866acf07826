// Crash recovery store: atomic autosave, offer only when newer than the file's last save, discard, bad input.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { baseSong, trackOf } from '@common/midi/testSongs'
import { createProjectRecovery } from './projectRecovery'

const project = (name: string) => ({
  version: 1,
  song: baseSong({ name, tracks: [trackOf('t1', [], { name: 'Piano' })], texts: ['crnngan-clip:{}'] }),
  clips: [],
})

describe('project recovery', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'recovery-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('has nothing to offer before the first autosave', async () => {
    await expect(createProjectRecovery(join(dir, 'r')).load()).resolves.toBeNull()
  })

  it('offers the autosave of a never-saved project, then nothing after discard', async () => {
    const r = createProjectRecovery(join(dir, 'r'))
    const { savedAt } = await r.save(project('sketch'), null)
    const found = await r.load()
    expect(found).toMatchObject({ path: null, savedAt })
    expect((found?.project as { song: { name: string } }).song.name).toBe('sketch')
    // Atomic writes leave no temp files behind.
    expect(readdirSync(join(dir, 'r')).sort()).toEqual(['autosave.crnnproj', 'autosave.json'])
    await expect(r.discard()).resolves.toBe(true)
    await expect(r.load()).resolves.toBeNull()
    await expect(r.discard()).resolves.toBe(false)
  })

  it('offers it only while it is newer than the project file', async () => {
    const file = join(dir, 'song.crnnproj')
    writeFileSync(file, 'saved earlier')
    const old = new Date(Date.now() - 60_000)
    utimesSync(file, old, old)
    const r = createProjectRecovery(join(dir, 'r'))
    await r.save(project('edited'), file)
    await expect(r.load()).resolves.toMatchObject({ path: file })
    const later = new Date(Date.now() + 60_000)
    utimesSync(file, later, later)
    await expect(r.load()).resolves.toBeNull()
  })

  it('refuses a malformed project naming the field', async () => {
    const r = createProjectRecovery(join(dir, 'r'))
    await expect(r.save({ version: 1, song: { name: 'x' }, clips: [] }, null)).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/song\.ppq/),
    })
  })

  it('ignores a damaged recovery file instead of failing start-up', async () => {
    const r = createProjectRecovery(join(dir, 'r'))
    await r.save(project('a'), null)
    writeFileSync(r.file, '{ not json')
    await expect(r.load()).resolves.toBeNull()
  })
})
