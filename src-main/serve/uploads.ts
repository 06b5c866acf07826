// Uploads of the served studio: the browser's file/folder pickers and drops send files here (one PUT per file);
// they land in a folder this server created, under names it sanitised, within per-kind size and type limits.
// The folder (never a client-chosen path) is what the dialog handlers then see, through WebPickers.
import { randomBytes } from 'node:crypto'
import { createWriteStream, promises as fs } from 'node:fs'
import { extname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { mib, UPLOAD_KINDS, UPLOAD_LIMITS, type KindLimits, type UploadKind } from '@common/ipc/uploads'
import { safeRelativePath } from './uploadNames'

export { UPLOAD_KINDS, type UploadKind }
const LIMITS = UPLOAD_LIMITS

/** A refused upload request: HTTP status and a message naming the file. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

interface Upload {
  readonly id: string
  readonly kind: UploadKind
  readonly folder: boolean
  readonly dir: string
  readonly names: Set<string>
  /** Top-level entries (files, or the folder's root segment) in arrival order. */
  readonly tops: string[]
  bytes: number
  readonly createdAt: number
  takenAt: number | null
}

/** Uploads under `root`; consumed uploads are deleted `keepMs` after they were taken (and all of them on close). */
export class UploadStore {
  readonly #uploads = new Map<string, Upload>()
  #total = 0

  constructor(
    readonly root: string,
    private readonly quotaBytes = 8 * 1024 ** 3,
    private readonly keepMs = 60 * 60 * 1000,
  ) {}

  /** Starts an upload; `folder` keeps the files' relative paths below one top folder each. */
  async create(kind: UploadKind, folder: boolean): Promise<string> {
    await this.#sweep()
    const id = randomBytes(12).toString('hex')
    const dir = join(this.root, id)
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    this.#uploads.set(id, {
      id,
      kind,
      folder,
      dir,
      names: new Set(),
      tops: [],
      bytes: 0,
      createdAt: Date.now(),
      takenAt: null,
    })
    return id
  }

  /** Streams one file of upload `id` to disk under its sanitised name; refuses wrong types and oversize files. */
  async put(id: string, rawName: string, body: Readable, declaredBytes: number | undefined): Promise<number> {
    const up = this.#uploads.get(id)
    if (!up || up.takenAt !== null) throw new UploadError(404, `no open upload '${id}'`)
    const limits = LIMITS[up.kind]
    let parts: string[]
    try {
      parts = safeRelativePath(rawName)
    } catch (err) {
      throw new UploadError(400, (err as Error).message)
    }
    if (!up.folder && parts.length !== 1)
      throw new UploadError(400, `'${rawName}': expected a file name, not a path`)
    if (up.folder && parts.length < 2)
      throw new UploadError(400, `'${rawName}': expected a path inside a folder`)
    const ext = extname(parts.at(-1)!).toLowerCase()
    if (!limits.extensions.includes(ext))
      throw new UploadError(415, `'${rawName}' is not a ${limits.extensions.join(' or ')} file`)
    const rel = parts.join('/')
    if (up.names.has(rel.toLowerCase())) throw new UploadError(409, `'${rawName}' was uploaded twice`)
    if (up.names.size >= limits.maxFiles)
      throw new UploadError(413, `'${rawName}': at most ${limits.maxFiles} file(s) per ${up.kind} upload`)
    const tooBig = (n: number): boolean =>
      n > limits.maxFileBytes || up.bytes + n > limits.maxTotalBytes || this.#total + n > this.quotaBytes
    if (declaredBytes !== undefined && tooBig(declaredBytes))
      throw new UploadError(413, this.#sizeMessage(rawName, limits))
    up.names.add(rel.toLowerCase())
    const path = join(up.dir, ...parts)
    await fs.mkdir(join(up.dir, ...parts.slice(0, -1)), { recursive: true })
    let n = 0
    const counted = async function* (this: UploadStore, src: Readable) {
      for await (const chunk of src) {
        n += (chunk as Buffer).length
        if (tooBig(n)) throw new UploadError(413, this.#sizeMessage(rawName, limits))
        yield chunk as Buffer
      }
    }.bind(this)
    try {
      // 'wx': never overwrite; the folder is ours and fresh, so nothing can be there (no symlink to follow).
      await pipeline(body, counted, createWriteStream(path, { flags: 'wx', mode: 0o600 }))
    } catch (err) {
      await fs.rm(path, { force: true })
      up.names.delete(rel.toLowerCase())
      if (err instanceof UploadError) throw err
      throw new UploadError(400, `'${rawName}': the upload was interrupted (${(err as Error).message})`)
    }
    if (declaredBytes !== undefined && n !== declaredBytes) {
      await fs.rm(path, { force: true })
      up.names.delete(rel.toLowerCase())
      throw new UploadError(400, `'${rawName}': received ${n} of ${declaredBytes} bytes`)
    }
    up.bytes += n
    this.#total += n
    if (!up.tops.includes(parts[0])) up.tops.push(parts[0])
    return n
  }

  /** Closes upload `id` and returns its server-side paths (files, or top folders); null when unknown or empty. */
  take(id: string): { kind: UploadKind; paths: string[] } | null {
    const up = this.#uploads.get(id)
    if (!up || up.takenAt !== null || up.tops.length === 0) return null
    up.takenAt = Date.now()
    return { kind: up.kind, paths: up.tops.map((t) => join(up.dir, t)) }
  }

  /** Removes every upload (server shutdown). */
  async clear(): Promise<void> {
    this.#uploads.clear()
    this.#total = 0
    await fs.rm(this.root, { recursive: true, force: true })
  }

  #sizeMessage(name: string, l: KindLimits): string {
    return `'${name}' is too large (limit ${mib(l.maxFileBytes)} per file, ${mib(l.maxTotalBytes)} per upload, ${mib(this.quotaBytes)} on this server)`
  }

  async #sweep(): Promise<void> {
    const now = Date.now()
    for (const up of [...this.#uploads.values()]) {
      const stale = up.takenAt !== null && now - up.takenAt > this.keepMs
      const abandoned = up.takenAt === null && now - up.createdAt > this.keepMs
      if (!stale && !abandoned) continue
      this.#uploads.delete(up.id)
      this.#total -= up.bytes
      await fs.rm(up.dir, { recursive: true, force: true })
    }
  }
}
