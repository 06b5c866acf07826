// The built renderer (out/renderer) over HTTP with the desktop's strict CSP, plus the one connect-src the page's
// WebSocket needs (ws://<the Host the browser used>), in the header and in index.html's <meta> alike.
import { existsSync, promises as fs } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { CSP_HEADER } from '../app/csp'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** The served page's policy: the desktop one with the WebSocket origin added to connect-src. */
export const servedCsp = (host: string): string =>
  CSP_HEADER.replace("connect-src 'self'", `connect-src 'self' ws://${host}`)

/** Headers every served response carries. */
export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
} as const

/** Throws unless `dir` holds a built renderer. */
export function checkRendererDir(dir: string): void {
  if (!existsSync(join(dir, 'index.html')))
    throw new Error(
      `${dir}/index.html is missing: build the renderer first ('npm run build', or 'npm run studio')`,
    )
}

/** Serves `urlPath` from `dir`; index.html for '/'. `host` is the request's (validated) Host header. */
export async function serveStatic(
  dir: string,
  urlPath: string,
  host: string,
  res: ServerResponse,
): Promise<void> {
  let path: string
  try {
    path = decodeURIComponent(urlPath)
  } catch {
    return send(res, 400, 'bad path')
  }
  const file = normalize(join(dir, path === '/' ? 'index.html' : path))
  if (!file.startsWith(dir + sep)) return send(res, 403, 'forbidden')
  let body: Buffer
  try {
    const s = await fs.stat(file)
    if (!s.isFile()) return send(res, 404, `not found: ${path}`)
    body = await fs.readFile(file)
  } catch {
    return send(res, 404, `not found: ${path}`)
  }
  const csp = servedCsp(host)
  const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': csp }
  if (file === join(dir, 'index.html')) {
    // The meta policy is enforced too (both must allow the socket): give it the same connect-src, minus the
    // header-only frame-ancestors.
    const html = body.toString('utf8').replace("connect-src 'self'", `connect-src 'self' ws://${host}`)
    res.writeHead(200, { ...headers, 'Content-Type': MIME['.html'] })
    res.end(html)
    return
  }
  res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' })
  res.end(body)
}

/** A plain-text response with the security headers. */
export function send(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra })
  res.end(text)
}
