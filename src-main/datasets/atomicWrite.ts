// Crash-safe file writes: temp file in the same folder + fsync + rename, so readers never see a half-written file.
// Dependency-free on purpose (node:fs only): datasets, checkpoints and settings all reuse it.
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `data` to `path` atomically: the bytes go to `.<name>.<random>.tmp` in the same directory, are fsynced,
 * then renamed over `path` (rename is atomic within one filesystem), and the directory is fsynced so the rename
 * itself survives a power cut. On any failure the temp file is removed and `path` keeps its previous content.
 *
 * @param path destination file; its directory must exist.
 * @param data bytes (any typed array view) or a string written as UTF-8.
 */
export async function writeFileAtomic(path: string, data: string | ArrayBufferView): Promise<void> {
  const dir = dirname(path)
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const bytes =
    typeof data === 'string'
      ? Buffer.from(data, 'utf8')
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(tmp, 'wx')
    await handle.writeFile(bytes)
    await handle.sync()
    await handle.close()
    handle = undefined
    await fs.rename(tmp, path)
  } catch (err) {
    await handle?.close().catch(() => undefined)
    await fs.rm(tmp, { force: true }).catch(() => undefined)
    throw err
  }
  await syncDir(dir)
}

/** fsyncs a directory so a rename or create inside it is durable. Some platforms (Windows) cannot: ignored there. */
export async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(dir, 'r')
    await handle.sync()
  } catch {
    // Directory fsync is unsupported on some filesystems/OSes; the rename is still atomic, only durability is weaker.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}
