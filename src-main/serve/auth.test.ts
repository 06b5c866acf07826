// Token, cookie, Host and Origin rules of the served studio.
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import {
  hostAllowed,
  newToken,
  originAllowed,
  presentedToken,
  readCookie,
  tokenCookie,
  tokenMatches,
} from './auth'

const req = (url: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ url, headers }) as unknown as IncomingMessage

describe('served studio auth', () => {
  it('makes long random tokens and compares them exactly (any length, never throws)', () => {
    const t = newToken()
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(newToken()).not.toBe(t)
    expect(tokenMatches(t, t)).toBe(true)
    expect(tokenMatches(`${t}x`, t)).toBe(false)
    expect(tokenMatches(t.slice(0, -1), t)).toBe(false)
    expect(tokenMatches('', t)).toBe(false)
    expect(tokenMatches(undefined, t)).toBe(false)
  })

  it('reads the token from the cookie, the query or a bearer header', () => {
    expect(presentedToken(req('/', { cookie: `a=1; crnngan-studio-80=tok` }), 80)).toEqual({
      token: 'tok',
      from: 'cookie',
    })
    expect(presentedToken(req('/?token=q'), 80)).toEqual({ token: 'q', from: 'query' })
    expect(presentedToken(req('/', { authorization: 'Bearer h' }), 80)).toEqual({
      token: 'h',
      from: 'header',
    })
    // Another port's studio on the same host has its own cookie.
    expect(presentedToken(req('/', { cookie: 'crnngan-studio-81=tok' }), 80).token).toBeNull()
    expect(readCookie('x=1;y=2', 'y')).toBe('2')
    expect(tokenCookie(80, 't')).toBe('crnngan-studio-80=t; HttpOnly; SameSite=Strict; Path=/')
  })

  it('answers only loopback Host names when bound to loopback (DNS rebinding), any well-formed one otherwise', () => {
    for (const h of ['127.0.0.1:8765', 'localhost:9000', '[::1]:8765', 'localhost'])
      expect(hostAllowed(h, true)).toBe(true)
    for (const h of ['evil.example:8765', '10.0.0.5:8765', undefined, 'a b', 'x:y:z'])
      expect(hostAllowed(h, true)).toBe(false)
    expect(hostAllowed('gpu-box.lan:8765', false)).toBe(true)
    expect(hostAllowed('bad host', false)).toBe(false)
  })

  it('accepts a WebSocket Origin only when it is the page origin the browser used', () => {
    expect(originAllowed(req('/', { host: 'localhost:9000', origin: 'http://localhost:9000' }))).toBe(true)
    expect(originAllowed(req('/', { host: 'localhost:9000', origin: 'http://evil.example' }))).toBe(false)
    expect(originAllowed(req('/', { host: 'localhost:9000', origin: 'http://localhost:9001' }))).toBe(false)
    expect(originAllowed(req('/', { host: 'localhost:9000' }))).toBe(false)
  })
})
