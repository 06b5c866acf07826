// The run lock's rules without processes to spare (two real processes and a SIGKILL are in cli/trainLock.test.ts):
// a stale lock is taken over by exactly one of several contenders, another host's lock and a lock still being
// written are respected, and release removes only our own lock.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lockRun, releaseOwnLock, RunLockedError } from './runLock'

const dirs: string[] = []
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'crnngan-lock-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
const write = (dir: string, info: object) => writeFileSync(join(dir, 'train.lock'), JSON.stringify(info))
// No process has pid 2^22 + 1 (Linux caps pids at 2^22).
const DEAD_PID = 4_194_305

describe('run lock', () => {
  it('is exclusive while held and free again after release', async () => {
    const dir = tmp()
    const lock = await lockRun(dir, 'test')
    await expect(lockRun(dir)).rejects.toThrow(
      new RegExp(`in use by process ${process.pid} on ${hostname()} \\(test, since `),
    )
    await lock.release()
    const again = await lockRun(dir)
    await again.release()
  })

  it('takes over a dead process’s lock, and of five contenders exactly one wins', async () => {
    const dir = tmp()
    write(dir, { pid: DEAD_PID, hostname: hostname(), startedAt: new Date().toISOString(), tool: 'x' })
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => lockRun(dir)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(RunLockedError)
    expect(JSON.parse(readFileSync(join(dir, 'train.lock'), 'utf8')).pid).toBe(process.pid)
  })

  it('never steals another host’s lock, nor one still being written; a lock from before boot is stale', async () => {
    const dir = tmp()
    write(dir, { pid: DEAD_PID, hostname: 'elsewhere', startedAt: new Date().toISOString(), tool: 'x' })
    await expect(lockRun(dir)).rejects.toThrow(/in use by process 4194305 on elsewhere/)
    writeFileSync(join(dir, 'train.lock'), '')
    await expect(lockRun(dir)).rejects.toThrow(/in use by another process/)
    // A live pid (ours) but a start time before this machine booted: that pid was reused, the lock is stale.
    write(dir, { pid: process.pid, hostname: hostname(), startedAt: '2000-01-01T00:00:00Z', tool: 'x' })
    const lock = await lockRun(dir)
    // Someone else's lock replaced ours meanwhile: release leaves it alone.
    write(dir, { pid: 1, hostname: hostname(), startedAt: new Date().toISOString(), tool: 'other' })
    await lock.release()
    expect(readFileSync(join(dir, 'train.lock'), 'utf8')).toMatch(/"other"/)
  })

  it('the owner of a dead worker-thread host frees the lock naming its own pid, and no one else’s', async () => {
    const dir = tmp()
    await lockRun(dir) // held by "a worker thread of this process" that then dies without releasing
    await expect(lockRun(dir)).rejects.toBeInstanceOf(RunLockedError)
    expect(releaseOwnLock(dir)).toBe(true)
    const again = await lockRun(dir)
    await again.release()
    write(dir, { pid: 1, hostname: hostname(), startedAt: new Date().toISOString(), tool: 'x' })
    expect(releaseOwnLock(dir)).toBe(false)
    expect(existsSync(join(dir, 'train.lock'))).toBe(true)
  })
})
