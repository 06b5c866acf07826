// Dataset names are unique per library across processes: concurrent creates (and renames) named 'bach' and 'BACH'
// in one process and in two real `crnngan` processes, and a holder killed with SIGKILL that must not block anyone.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import { LOCK_NAME, LOCK_STALE_MS } from '../../src-main/datasets/libraryLock'
import { melody, smf } from '../../src-main/datasets/testing/smfFixture'
import { runCli } from './cliRun'

const root = mkdtempSync(join(tmpdir(), 'library-lock-'))
const src = join(root, 'src')
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(() => {
  mkdirSync(src)
  for (let i = 0; i < 40; i++)
    writeFileSync(join(src, `s${i}.mid`), smf(melody([60 + (i % 12), 64, 67], 200)))
})

const names = async (store: DatasetStore) => (await store.list()).datasets.map((d) => d.name).sort()

describe('library lock', () => {
  it("two concurrent creates named 'bach' and 'BACH' in one process: exactly one succeeds", async () => {
    const store = new DatasetStore(join(root, 'lib-one'))
    const results = await Promise.allSettled([
      store.create('bach', [src], { workers: 1 }),
      store.create('BACH', [src], { workers: 1 }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const failed = results.find((r) => r.status === 'rejected')
    expect(failed?.status === 'rejected' && failed.reason).toMatchObject({ code: 'conflict' })
    expect((await names(store)).map((n) => n.toLowerCase())).toEqual(['bach'])
  })

  it("two `crnngan dataset create` processes racing for 'bach' / 'BACH': one wins, the other says it exists", async () => {
    const lib = join(root, 'lib-cli')
    const [a, b] = await Promise.all([
      runCli(['dataset', 'create', 'bach', src, '--library', lib, '--workers', '1']),
      runCli(['dataset', 'create', 'BACH', src, '--library', lib, '--workers', '1']),
    ])
    expect([a.code, b.code].sort()).toEqual([0, 1])
    expect((a.code === 1 ? a : b).stderr).toMatch(/a dataset named '(bach|BACH)' already exists/)
    expect(await names(new DatasetStore(lib))).toHaveLength(1)
    expect(existsSync(join(lib, LOCK_NAME))).toBe(false)
  })

  it('concurrent renames to the same name (any case) cannot both succeed', async () => {
    const store = new DatasetStore(join(root, 'lib-rename'))
    const x = await store.create('x', [join(src, 's1.mid')])
    const y = await store.create('y', [join(src, 's2.mid')])
    const results = await Promise.allSettled([store.rename(x.id, 'Fugue'), store.rename(y.id, 'FUGUE')])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const now = (await names(store)).map((n) => n.toLowerCase())
    expect(now.filter((n) => n === 'fugue')).toHaveLength(1)
    expect(now).toHaveLength(2)
    const winner = results[0].status === 'fulfilled' ? x : y
    await expect(store.rename(winner.id, ' fugue ')).resolves.toMatchObject({ name: 'fugue' }) // its own name
  })

  it('a holder killed with SIGKILL leaves a lock behind that goes stale instead of blocking creates', async () => {
    const lib = join(root, 'lib-crash')
    const holder = join(root, 'holder.mts') // .mts: an ES module (top-level await) outside the repo's package
    const lockModule = resolve(import.meta.dirname, '../../src-main/datasets/libraryLock.ts')
    writeFileSync(
      holder,
      `import { withLibraryLock } from ${JSON.stringify(lockModule)}
await withLibraryLock(process.argv[2], async () => {
  process.send('locked')
  // A ref'd timer keeps the holder alive until the kill: a bare pending promise lets it exit by itself first
  // (proper-lockfile's timer is unref'd), and its exit handler then removes the lock — the race CI lost.
  setInterval(() => undefined, 60_000)
  await new Promise(() => undefined)
})
`,
    )
    const child = fork(holder, [lib], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    expect((await once(child, 'message'))[0]).toBe('locked')
    child.kill('SIGKILL')
    const [, signal] = await once(child, 'exit')
    expect(signal).toBe('SIGKILL') // killed while holding it, not exited on its own
    expect(existsSync(join(lib, LOCK_NAME))).toBe(true) // a crash cannot clean up after itself
    const started = performance.now()
    const info = await new DatasetStore(lib).create('after the crash', [join(src, 's3.mid')])
    expect(info.name).toBe('after the crash')
    expect(performance.now() - started).toBeLessThan(LOCK_STALE_MS + 20_000)
    expect(existsSync(join(lib, LOCK_NAME))).toBe(false)
  })
})
