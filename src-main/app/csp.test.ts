// The CSP main sends as a header must equal the one in src-renderer/index.html's <meta> (written twice by necessity).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CSP, CSP_HEADER } from './csp'

describe('renderer CSP', () => {
  const html = readFileSync(resolve(import.meta.dirname, '../../src-renderer/index.html'), 'utf8')
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]

  it('index.html carries exactly the policy of csp.ts', () => {
    expect(meta).toBe(CSP)
  })

  it('allows Tone.js (blob: workers/media, wasm) and nothing inline or remote for scripts', () => {
    expect(CSP).toContain("worker-src 'self' blob:")
    expect(CSP).toContain("media-src 'self' blob:")
    expect(CSP).toContain("script-src 'self' 'wasm-unsafe-eval';")
    expect(CSP).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(CSP).not.toMatch(/https?:|\*/)
    expect(CSP_HEADER).toContain("frame-ancestors 'none'")
  })
})
