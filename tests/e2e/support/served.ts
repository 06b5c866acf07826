// Runs the real `crnngan serve` (bin/crnngan.mjs, as a user would) in a child process on a free port, reads the
// printed URL, and opens Chromium pages on it. No bridge, no injected client: the page's own web client is used.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../../support/chromium'

const BIN = resolve(import.meta.dirname, '../../../bin/crnngan.mjs')

/** A running `crnngan serve`. */
export interface Served {
  /** The printed URL, token included. */
  readonly url: string
  /** http://127.0.0.1:PORT */
  readonly base: string
  readonly token: string
  readonly dataDir: string
  /** Everything it printed. */
  readonly output: () => string
  stop(): Promise<void>
}

/** Starts `crnngan serve --port 0` over `<dataDir>/{library,runs}` with the cpu backend. */
export async function startServe(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  mkdirSync(dataDir, { recursive: true })
  const args = ['serve', '--port', '0', '--backend', 'cpu']
  args.push('--library', join(dataDir, 'library'), '--runs', join(dataDir, 'runs'))
  const proc: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const url = await new Promise<string>((ok, bad) => {
    const timer = setTimeout(() => bad(new Error(`crnngan serve printed no URL in 60 s:\n${out}`)), 60_000)
    const look = (): void => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    }
    proc.stdout!.on('data', look)
    proc.once('exit', (code) => bad(new Error(`crnngan serve exited (${code}):\n${out}`)))
  })
  const u = new URL(url)
  return {
    url,
    base: u.origin,
    token: u.searchParams.get('token')!,
    dataDir,
    output: () => out,
    stop: () =>
      new Promise<void>((done) => {
        if (proc.exitCode !== null) return done()
        proc.once('exit', () => done())
        proc.kill('SIGINT')
        setTimeout(() => proc.kill('SIGKILL'), 10_000).unref()
      }),
  }
}

/** A Chromium page on a served studio, with page errors and console errors collected. */
export interface ServedPage {
  readonly page: Page
  readonly context: BrowserContext
  readonly problems: string[]
}

/** Launches Chromium once per suite. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs })

/** Opens `served.url` (the token URL) in a fresh context at 1280×800 and waits for the sidebar. */
export async function openServed(browser: Browser, served: Served): Promise<ServedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  await page.goto(served.url)
  await page.getByTestId('nav-library').waitFor()
  return { page, context, problems }
}
