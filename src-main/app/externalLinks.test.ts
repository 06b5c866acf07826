// The allow-list of pages the system browser may be asked to open: the linked paper opens, everything else is refused.
import { describe, expect, it, vi } from 'vitest'
import { EXTERNAL_HOSTS, isAllowedExternal, openExternalSafely, PAPER_URL } from './externalLinks'

describe('external links', () => {
  it('allows only the hosts the app links to, over https', () => {
    expect([...EXTERNAL_HOSTS]).toEqual(['arxiv.org'])
    expect(isAllowedExternal(PAPER_URL)).toBe(true)
    expect(isAllowedExternal('https://arxiv.org/pdf/1611.09904')).toBe(true)
    for (const url of [
      'https://example.com/',
      'http://arxiv.org/abs/1611.09904',
      'https://arxiv.org.evil.example/abs/1611.09904',
      'https://evil.example/?u=https://arxiv.org',
      'https://arxiv.org@evil.example/',
      'https://user:pw@arxiv.org/',
      'https://export.arxiv.org/abs/1611.09904',
      'https://arxiv.org:8443/abs/1611.09904',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'mailto:someone@arxiv.org',
      'smb://arxiv.org/share',
      'arxiv.org/abs/1611.09904',
      '',
    ])
      expect(isAllowedExternal(url), url).toBe(false)
  })

  it('opens allowed URLs and refuses the rest without calling the shell', async () => {
    const open = vi.fn(async () => undefined)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(openExternalSafely(PAPER_URL, open)).toBe(true)
    expect(openExternalSafely('https://example.com/', open)).toBe(false)
    expect(open.mock.calls).toEqual([[PAPER_URL]])
    expect(warn.mock.calls[0][0]).toMatch(/refused to open "https:\/\/example\.com\/"/)
    warn.mockRestore()
  })
})
