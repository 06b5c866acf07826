// One trainer per run folder: `<runDir>/train.lock` holds {pid, hostname, startedAt}, created with O_EXCL ('wx') so
// only one process can take it. A crash cannot leave it stale: a lock whose pid is not alive on this host (or that
// is older than this host's last boot, when its pid may have been reused) is taken over — through a rename, so two
// processes finding the same stale lock cannot both take it.
import { randomBytes } from 'node:crypto'
import { promises as fs, readFileSync, rmSync } from 'node:fs'
import { hostname, uptime } from 'node:os'
import { join } from 'node:path'

/** The lock file's content. */
export interface LockInfo {
  readonly pid: number
  readonly hostname: string
  readonly startedAt: string
  readonly tool: string
}

/** Thrown when another live process holds the run; `code` maps onto the host's BUSY. */
export class RunLockedError extends Error {
  readonly code = 'BUSY'
  constructor(
    readonly runDir: string,
    readonly holder: LockInfo | null,
  ) {
    const who = holder
      ? `process ${holder.pid} on ${holder.hostname} (${holder.tool}, since ${holder.startedAt})`
      : 'another process'
    super(
      `run folder '${runDir}' is in use by ${who}; wait for it to finish or stop it, or use another folder`,
    )
  }
}

const LOCK = 'train.lock'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by someone else
  }
}

/** Whether `info` (null = unreadable or empty: a holder killed between create and write) can be taken over. */
function isStale(info: LockInfo | null, ageMs: number): boolean {
  if (!info) return ageMs > 10_000 // give a holder that is still writing its first bytes time to finish
  if (info.hostname !== hostname()) return false // another machine's process: we cannot tell, so never steal
  const bootedAt = Date.now() - uptime() * 1000
  if (Date.parse(info.startedAt) < bootedAt - 60_000) return true
  return !alive(info.pid)
}

async function readLock(path: string): Promise<{ info: LockInfo | null; ageMs: number } | null> {
  try {
    const [text, st] = await Promise.all([fs.readFile(path, 'utf8'), fs.stat(path)])
    let info: LockInfo | null = null
    try {
      const v = JSON.parse(text) as Partial<LockInfo>
      if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.startedAt === 'string')
        info = { pid: v.pid, hostname: v.hostname, startedAt: v.startedAt, tool: String(v.tool ?? '?') }
    } catch {
      // empty or half-written: judged by age
    }
    return { info, ageMs: Date.now() - st.mtimeMs }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/** A held lock; `release()` removes it (only if it is still ours). */
export interface RunLock {
  readonly path: string
  release(): Promise<void>
}

/**
 * Takes the run folder's lock (creating the folder).
 * @throws RunLockedError when a live process holds it.
 */
export async function lockRun(runDir: string, tool = 'crnngan train'): Promise<RunLock> {
  await fs.mkdir(runDir, { recursive: true })
  const path = join(runDir, LOCK)
  const mine: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), tool }
  const text = JSON.stringify(mine)
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const h = await fs.open(path, 'wx')
      try {
        await h.writeFile(text)
        await h.sync()
      } finally {
        await h.close()
      }
      return { path, release: () => release(path, text) }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const held = await readLock(path)
    if (!held) continue // released meanwhile
    if (!isStale(held.info, held.ageMs)) throw new RunLockedError(runDir, held.info)
    // Take the stale lock aside under a unique name; only one contender's rename can move it.
    const aside = `${path}.${randomBytes(4).toString('hex')}.stale`
    try {
      await fs.rename(path, aside)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw err
    }
    const moved = await readLock(aside)
    const same = moved && JSON.stringify(moved.info) === JSON.stringify(held.info)
    if (!same) {
      // We moved a fresh lock that a faster contender had just taken: put it back (link fails if one is there).
      await fs.link(aside, path).catch(() => undefined)
    }
    await fs.rm(aside, { force: true })
    if (!same) throw new RunLockedError(runDir, moved?.info ?? null)
  }
  throw new RunLockedError(runDir, null)
}

/**
 * Removes the run folder's lock if a thread of THIS process holds it. For the owner of a trainer host that runs in
 * a worker thread (CLI, test bridge): when that host dies its lock names our own, live pid, so it would never look
 * stale. Synchronous, so a resume issued right after the crash finds the folder free. Returns whether it removed it.
 */
export function releaseOwnLock(runDir: string): boolean {
  const path = join(runDir, LOCK)
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>
    if (info.pid !== process.pid || info.hostname !== hostname()) return false
    rmSync(path, { force: true })
    return true
  } catch {
    return false
  }
}

async function release(path: string, text: string): Promise<void> {
  const now = await fs.readFile(path, 'utf8').catch(() => null)
  if (now === text) await fs.rm(path, { force: true })
}
