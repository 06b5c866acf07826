// The one list of web pages the app may open in the system browser. Anything else a page asks for (window.open, a
// target=_blank link) is refused, so a compromised or confused renderer cannot launch arbitrary URLs through the OS.
// Only hosts the app links to belong here: today that is the paper behind the model (Help → About).

/** The C-RNN-GAN paper (Mogren 2016), linked from the About box. */
export const PAPER_URL = 'https://arxiv.org/abs/1611.09904'

/** Hosts `shell.openExternal` may open, over https only. Exact names: no subdomains. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set(['arxiv.org'])

/** True when `url` is https, on the default port, without credentials, on an allowed host. */
export function isAllowedExternal(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  return (
    u.protocol === 'https:' && u.port === '' && !u.username && !u.password && EXTERNAL_HOSTS.has(u.hostname)
  )
}

/**
 * Opens `url` with `open` (Electron's shell.openExternal) when it is allowed; otherwise logs and refuses.
 * @returns whether it was opened.
 */
export function openExternalSafely(url: string, open: (url: string) => Promise<void>): boolean {
  if (!isAllowedExternal(url)) {
    console.warn(`refused to open ${JSON.stringify(url.slice(0, 200))}: not an allowed https host`)
    return false
  }
  open(url).catch((err: unknown) => console.error(`could not open ${url}`, err))
  return true
}
