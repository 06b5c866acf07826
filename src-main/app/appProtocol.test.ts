// The app:// handler on real files: what it serves, with which type, and that no URL reaches a file outside the
// renderer folder (a secret file sits right beside it).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, appProtocolHandler, resolveAppPath } from './appProtocol'
import { CSP_HEADER } from './csp'

const base = mkdtempSync(join(tmpdir(), 'app-protocol-'))
const root = join(base, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
const wasm = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])
writeFileSync(join(root, 'index.html'), '<!doctype html><title>studio</title>')
writeFileSync(join(root, 'assets/index-1.js'), 'console.log(1)')
writeFileSync(join(root, 'assets/index-1.css'), 'body{}')
writeFileSync(join(root, 'assets/kernel.wasm'), wasm)
writeFileSync(join(root, 'assets/blob.xyz'), 'x')
writeFileSync(join(base, 'secret.txt'), 'SECRET')
writeFileSync(join(base, 'renderer-evil.txt'), 'SECRET') // shares the folder's name as a prefix
afterAll(() => rmSync(base, { recursive: true, force: true }))

const serve = appProtocolHandler(root)
const get = (url: string, method = 'GET') => serve(new Request(url, { method }))

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme and the window loads its index.html', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true },
    })
    expect(APP_ENTRY_URL).toBe('app://studio/index.html')
  })

  it('serves the files with their MIME types (wasm included) and the CSP header', async () => {
    const cases: [string, string, string | Buffer][] = [
      ['app://studio/index.html', 'text/html; charset=utf-8', '<!doctype html><title>studio</title>'],
      ['app://studio/', 'text/html; charset=utf-8', '<!doctype html><title>studio</title>'],
      ['app://studio/assets/index-1.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://studio/assets/index-1.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://studio/assets/kernel.wasm', 'application/wasm', wasm],
      ['app://studio/assets/blob.xyz', 'application/octet-stream', 'x'],
      ['app://studio/assets/./index-1.js?v=2#x', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ]
    for (const [url, type, body] of cases) {
      const r = await get(url)
      expect(r.status, url).toBe(200)
      expect(r.headers.get('content-type'), url).toBe(type)
      expect(r.headers.get('content-security-policy'), url).toBe(CSP_HEADER)
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff')
      const bytes = Buffer.from(await r.arrayBuffer())
      expect(bytes.equals(Buffer.isBuffer(body) ? body : Buffer.from(body)), url).toBe(true)
    }
    const head = await get('app://studio/assets/kernel.wasm', 'HEAD')
    expect([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength]).toEqual([
      200,
      String(wasm.length),
      0,
    ])
  })

  it('never serves a file outside the renderer folder, whatever the URL', async () => {
    const hostile = [
      'app://studio/../secret.txt',
      'app://studio/%2e%2e/secret.txt',
      'app://studio/..%2fsecret.txt',
      'app://studio/assets/..%2f..%2fsecret.txt',
      'app://studio/%2E%2E%2F%2E%2E%2Fsecret.txt',
      'app://studio/..%5csecret.txt',
      'app://studio/assets%5c..%5c..%5csecret.txt',
      'app://studio/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      `app://studio/${encodeURIComponent(join(base, 'secret.txt'))}`,
      'app://studio//etc/passwd',
      'app://studio/..%2frenderer-evil.txt',
      'app://studio/index.html%00.png',
      'app://studio/%E0%A4%A',
      'app://evil/secret.txt',
      'app://studio:8080/index.html',
      'file:///etc/passwd',
    ]
    for (const url of hostile) {
      const r = await get(url)
      const text = await r.text()
      expect(text, url).not.toContain('SECRET')
      expect([400, 403, 404], `${url} → ${r.status}`).toContain(r.status)
      expect(r.headers.get('content-security-policy'), url).toBe(CSP_HEADER)
    }
    // Folder requests and missing files are 404s, writes are 405s, all still carrying the policy.
    for (const [url, method, status] of [
      ['app://studio/assets', 'GET', 404],
      ['app://studio/nope.js', 'GET', 404],
      ['app://studio/index.html', 'POST', 405],
    ] as const) {
      const r = await get(url, method)
      expect(r.status, url).toBe(status)
      expect(r.headers.get('content-security-policy')).toBe(CSP_HEADER)
    }
  })

  it('resolveAppPath maps inside the folder and names why it refuses', () => {
    expect(resolveAppPath(root, 'app://studio/assets/index-1.js')).toBe(join(root, 'assets/index-1.js'))
    expect(() => resolveAppPath(root, 'app://studio/..%2fsecret.txt')).toThrow(/outside the app/)
    expect(() => resolveAppPath(root, 'app://other/index.html')).toThrow(/only app:\/\/studio\/ is served/)
    // (a Request cannot carry credentials, but the check does not rely on that)
    expect(() => resolveAppPath(root, 'app://user:pw@studio/index.html')).toThrow(/only app:\/\/studio\//)
    expect(() => resolveAppPath(root, 'app://studio/%ZZ')).toThrow(/malformed escape/)
  })
})
