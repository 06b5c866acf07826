// One lock per library folder, shared by every process using it (CLI runs, the app): dataset names are checked and
// taken under it, so two creates (or renames) cannot both claim 'bach' and 'BACH'. It is held for milliseconds —
// the check and the rename into place — never during an import.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { DatasetError, libraryIoError } from './errors'

/** The lock: a folder created atomically (mkdir) in the library; `list` ignores it (not a dataset id). */
export const LOCK_NAME = '.library.lock'
/** A lock its holder has not refreshed for this long is taken over: its process died (crash, kill -9, power loss). */
export const LOCK_STALE_MS = 5_000

/**
 * Runs `work` while holding the library lock of `libraryDir` (created if missing). The holder refreshes the lock's
 * mtime every second; a lock left by a crashed process goes stale after {@link LOCK_STALE_MS} and is taken over, so
 * a crash delays the next create by a few seconds at most and never blocks it.
 * @throws {DatasetError} 'busy' when the lock stays held by a live process for ~30 s, 'io-error' when the folder
 *   cannot be created or written.
 */
export async function withLibraryLock<T>(libraryDir: string, work: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>
  try {
    await mkdir(libraryDir, { recursive: true })
    release = await lockfile.lock(libraryDir, {
      lockfilePath: join(libraryDir, LOCK_NAME),
      realpath: false,
      stale: LOCK_STALE_MS,
      update: 1_000,
      retries: { retries: 120, factor: 1.2, minTimeout: 10, maxTimeout: 300 },
      // Only if this process stalled past LOCK_STALE_MS; the work re-reads the library under the lock anyway.
      onCompromised: () => undefined,
    })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw libraryIoError(err, libraryDir)
    throw new DatasetError(
      'busy',
      `the library ${libraryDir} is locked by another process; try again when it has finished`,
    )
  }
  try {
    return await work()
  } finally {
    await release().catch(() => undefined) // a compromised lock is already gone
  }
}
