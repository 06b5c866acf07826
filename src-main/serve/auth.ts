// Access control of the served studio, as Jupyter does it: a random token printed in the URL, traded once for an
// HttpOnly SameSite=Strict cookie; tokens compared in constant time; the WebSocket's Origin must be the page's
// own origin; on loopback, the Host header must name loopback (a DNS-rebinding page gets its own Host).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** A fresh token: 32 random bytes, base64url (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url')

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest()

/** Constant-time equality of two tokens (compares equal-length sha256 digests, so lengths leak nothing). */
export function tokenMatches(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false
  return timingSafeEqual(digest(given), digest(expected))
}

/** Cookie name, per port: cookies are not port-scoped, and two studios on one host must not clash. */
export const cookieName = (port: number): string => `crnngan-studio-${port}`

/** `Set-Cookie` value carrying the token. */
export const tokenCookie = (port: number, token: string): string =>
  `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** Where a request's token came from, if any. */
export type TokenSource = 'cookie' | 'query' | 'header' | null

/** The token a request presents: cookie, `?token=` (the printed URL) or `Authorization: Bearer`. */
export function presentedToken(
  req: IncomingMessage,
  port: number,
): { token: string | null; from: TokenSource } {
  const cookie = readCookie(req.headers.cookie, cookieName(port))
  if (cookie) return { token: cookie, from: 'cookie' }
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token')
  if (query) return { token: query, from: 'query' }
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), from: 'header' }
  return { token: null, from: null }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Host name of a Host header ('127.0.0.1:8888' → '127.0.0.1', '[::1]:80' → '[::1]'); null when malformed. */
export function hostName(host: string | undefined): string | null {
  if (!host || !/^[A-Za-z0-9.\-[\]:]{1,255}$/.test(host)) return null
  const m = /^(\[[0-9a-fA-F:]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host)
  return m ? m[1].toLowerCase() : null
}

/**
 * Whether the Host header is acceptable. A server bound to loopback answers only loopback names (any port: an
 * `ssh -L 9000:localhost:8888` tunnel changes it), which defeats DNS rebinding; one bound elsewhere (`--host`)
 * accepts any well-formed Host and relies on the token.
 */
export function hostAllowed(host: string | undefined, loopbackOnly: boolean): boolean {
  const name = hostName(host)
  if (name === null) return false
  return !loopbackOnly || LOOPBACK_HOSTS.has(name)
}

/** True when the WebSocket handshake comes from a page of this server (Origin = http(s)://<Host>). */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  const host = req.headers.host
  if (!origin || !host) return false
  return origin === `http://${host}` || origin === `https://${host}`
}

/** True for a loopback bind address. */
export const isLoopback = (bind: string): boolean =>
  bind === '127.0.0.1' || bind === 'localhost' || bind === '::1' || bind.startsWith('127.')
