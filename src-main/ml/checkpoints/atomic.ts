// Crash-safe writes for checkpoints (ml/ may not import datasets/): temp file/folder + fsync + rename, so a reader
// never sees a half-written checkpoint.
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** fsyncs a directory so a rename inside it is durable; silently skipped where unsupported (Windows). */
async function syncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r').catch(() => undefined)
  if (!h) return
  await h.sync().catch(() => undefined)
  await h.close().catch(() => undefined)
}

/** Writes `data` to `path` via `.<name>.<random>.tmp` + fsync + rename; `path` keeps its old content on failure. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const h = await fs.open(tmp, 'wx')
    try {
      await h.writeFile(data)
      await h.sync()
    } finally {
      await h.close()
    }
    await fs.rename(tmp, path)
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
    throw err
  }
  await syncDir(dirname(path))
}

/**
 * Creates folder `path` atomically: `fill(tmpDir)` writes the files into a temp sibling folder, which is then renamed
 * to `path` (replacing nothing: `path` must not exist). On failure the temp folder is removed.
 */
export async function writeDirAtomic(path: string, fill: (tmpDir: string) => Promise<void>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  await fs.mkdir(tmp)
  try {
    await fill(tmp)
    for (const name of await fs.readdir(tmp)) {
      const h = await fs.open(join(tmp, name), 'r+')
      await h.sync().catch(() => undefined)
      await h.close()
    }
    await fs.rename(tmp, path)
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined)
    throw err
  }
  await syncDir(dirname(path))
}
