// The renderer is served from app://studio/ instead of file:// (Electron security checklist §18): the page gets one
// real origin for its CSP's 'self', it cannot read other local files by URL, and file:// needs no extra privileges
// (the grantFileProtocolExtraPrivileges fuse is off in electron-builder.yml). Environment-free apart from node:fs, so
// the unit test runs it on real files; index.ts registers it with Electron's `protocol`.
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { CSP_HEADER } from './csp'

export const APP_SCHEME = 'app'
export const APP_HOST = 'studio'
/** What the window loads. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * For `protocol.registerSchemesAsPrivileged`, before the app is ready. `standard` gives the scheme an origin and
 * relative URLs, `secure` makes it a secure context, `supportFetchAPI`/`corsEnabled` let module scripts and fetch()
 * load from it, `codeCache` lets V8 cache the bundle. No service workers, no bypass of the CSP.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
} as const

/** Content types by extension; anything else is served as bytes (with nosniff, so never run as script). */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.mid': 'audio/midi',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
}

const mimeOf = (file: string): string => MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'

/** Why a URL is not served: wrong host, not decodable, or a path that leaves `root`. */
export class AppUrlError extends Error {
  constructor(
    readonly status: 400 | 403,
    message: string,
  ) {
    super(message)
  }
}

/** The file under `root` that `url` names ('/' = index.html). @throws AppUrlError for anything outside `root`. */
export function resolveAppPath(root: string, url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new AppUrlError(400, `not a URL: ${url}`)
  }
  if (
    parsed.protocol !== `${APP_SCHEME}:` ||
    parsed.host.toLowerCase() !== APP_HOST ||
    parsed.username ||
    parsed.password
  )
    throw new AppUrlError(403, `only ${APP_SCHEME}://${APP_HOST}/ is served, not ${parsed.origin}`)
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    throw new AppUrlError(400, `malformed escape in ${parsed.pathname}`)
  }
  // A decoded backslash or NUL is a Windows separator or a C-string cut: no file of ours has one.
  if (/[\\\0]/.test(path)) throw new AppUrlError(400, `unexpected character in ${parsed.pathname}`)
  const base = resolve(root)
  const file = resolve(base, `.${path === '/' || path === '' ? '/index.html' : path}`)
  const rel = relative(base, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    throw new AppUrlError(403, `${parsed.pathname} is outside the app`)
  return file
}

const baseHeaders = (): Record<string, string> => ({
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
})
const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } })

/** The `protocol.handle(APP_SCHEME, …)` handler: GET/HEAD of files under `root`, the CSP on every response. */
export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, `${request.method} not allowed`)
    let file: string
    try {
      file = resolveAppPath(root, request.url)
    } catch (err) {
      if (err instanceof AppUrlError) return plain(err.status, err.message)
      throw err
    }
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return plain(404, `not found: ${new URL(request.url).pathname}`)
    }
    const headers = { ...baseHeaders(), 'Content-Type': mimeOf(file), 'Content-Length': String(body.length) }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers })
  }
}
