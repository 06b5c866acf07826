// Where Debian's Chromium is and the flags that work on these machines (no sandbox, no GPU, no network chatter).
import { execSync } from 'node:child_process'

/** Chromium executable: CHROMIUM_PATH, else `chromium` on PATH, else /usr/bin/chromium. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  try {
    return execSync('command -v chromium', { encoding: 'utf8' }).trim() || '/usr/bin/chromium'
  } catch {
    return '/usr/bin/chromium'
  }
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
]
