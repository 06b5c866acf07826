// Downloads of the served studio: a "save dialog" answers with a fresh path in a folder this server created; the
// handler writes there (the same atomic write as on the desktop); the socket then tells the page to fetch it.
import { randomBytes } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { join, relative, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { safeFileName } from './uploadNames'

/** A file the page should download. */
export interface DownloadRef {
  readonly url: string
  readonly name: string
}

/** Server-created save targets under `root` and the GET endpoint that hands them to the browser. */
export class DownloadStore {
  constructor(readonly root: string) {}

  /** A fresh save target `<root>/<random>/<safe name>` (its folder exists, the file does not). */
  async reserve(suggestedName: string): Promise<string> {
    const slot = randomBytes(12).toString('hex')
    await fs.mkdir(join(this.root, slot), { recursive: true, mode: 0o700 })
    return join(this.root, slot, safeFileName(suggestedName))
  }

  /** The download of a path this store reserved (after the handler wrote it); null for any other path. */
  refFor(path: unknown): DownloadRef | null {
    if (typeof path !== 'string') return null
    const rel = relative(this.root, path).split(sep)
    if (rel.length !== 2 || !/^[0-9a-f]{24}$/.test(rel[0]) || rel[1] !== safeFileName(rel[1])) return null
    return { url: `/api/download/${rel[0]}/${encodeURIComponent(rel[1])}`, name: rel[1] }
  }

  /** Answers GET /api/download/<slot>/<name>: streams the file as an attachment, then deletes it (not its slot). */
  async serve(slot: string, name: string, res: ServerResponse): Promise<void> {
    const path = join(this.root, slot, name)
    if (!/^[0-9a-f]{24}$/.test(slot) || name !== safeFileName(name)) return notFound(res)
    let size: number
    try {
      const s = await fs.lstat(path)
      if (!s.isFile()) return notFound(res)
      size = s.size
    } catch {
      return notFound(res)
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': size,
      'Content-Disposition': `attachment; filename="${name.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
    })
    try {
      await pipeline(createReadStream(path), res)
    } finally {
      await fs.rm(path, { force: true })
    }
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end('no such download (it is fetched once, right after it was saved)')
}
