// HTTP side of uploads: POST /api/upload?kind=K[&folder=1] → {id}; PUT /api/upload/<id>?name=<relative path>
// with the file as the body → {bytes}. Refusals are JSON {error} with 400/404/409/413/415.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SECURITY_HEADERS } from './staticFiles'
import { UPLOAD_KINDS, UploadError, type UploadKind, type UploadStore } from './uploads'

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Routes /api/upload requests. */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  uploads: UploadStore,
): Promise<void> {
  try {
    if (req.method === 'POST' && url.pathname === '/api/upload') {
      const kind = url.searchParams.get('kind') as UploadKind
      if (!UPLOAD_KINDS.includes(kind)) throw new UploadError(400, `unknown upload kind '${String(kind)}'`)
      req.resume()
      return json(res, 201, { id: await uploads.create(kind, url.searchParams.get('folder') === '1') })
    }
    const m = /^\/api\/upload\/([0-9a-f]{24})$/.exec(url.pathname)
    if (req.method === 'PUT' && m) {
      const name = url.searchParams.get('name') ?? ''
      const len = req.headers['content-length']
      const declared = len === undefined ? undefined : Number(len)
      if (declared !== undefined && !Number.isSafeInteger(declared))
        throw new UploadError(400, 'bad Content-Length')
      return json(res, 201, { bytes: await uploads.put(m[1], name, req, declared) })
    }
    throw new UploadError(404, `no upload route ${req.method} ${url.pathname}`)
  } catch (err) {
    const status = err instanceof UploadError ? err.status : 500
    // Refusing early leaves the body unread: drain it so the browser sees the answer, not a reset.
    if (!req.readableEnded) req.resume()
    json(res, status, { error: (err as Error).message })
  }
}
