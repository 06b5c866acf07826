// Starts the bridge (real services) and Debian Chromium on a fresh profile, with window.studio injected; collects
// page errors and CSP violations, and saves screenshots to test-artifacts/screenshots/. `restart()` quits both and
// starts them again on the same data folder and profile, as closing and reopening the app does.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../../support/chromium'
import { startBridge, type Bridge } from '../../bridge/server'

export const SCREENSHOTS = resolve(import.meta.dirname, '../../../test-artifacts/screenshots')

/** A studio page in Chromium wired to a bridge. */
export interface Studio {
  readonly page: Page
  readonly bridge: Bridge
  readonly context: BrowserContext
  /** Scratch folder for test inputs (removed on close); the app data is in `<tmp>/data`. */
  readonly tmp: string
  /** Uncaught page errors and console errors (CSP violations show up here). */
  readonly problems: string[]
  /** Saves a full-window PNG as test-artifacts/screenshots/<name>.png; returns its path. */
  shot(name: string): Promise<string>
  /** Quits the page and the bridge and starts both again on the same app data (a restart of the app). */
  restart(): Promise<void>
  close(): Promise<void>
}

/** Options of {@link openStudio}. */
export interface StudioOptions {
  /** Extra scripts run in the page before the app (e.g. a stand-in for a browser API at its boundary). */
  readonly initScripts?: readonly string[]
}

interface Running {
  readonly bridge: Bridge
  readonly context: BrowserContext
  readonly page: Page
}

async function launch(
  dataDir: string,
  profile: string,
  problems: string[],
  opts: StudioOptions,
): Promise<Running> {
  const bridge = await startBridge({ dataDir })
  let context: BrowserContext | undefined
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 800 },
    })
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`)
    })
    await page.addInitScript({ content: bridge.initScript })
    for (const content of opts.initScripts ?? []) await page.addInitScript({ content })
    await page.goto(bridge.url)
    return { bridge, context, page }
  } catch (err) {
    await context?.close()
    await bridge.close()
    throw err
  }
}

/** Opens the studio at 1280×800 (a restart runs the same init scripts again). */
export async function openStudio(opts: StudioOptions = {}): Promise<Studio> {
  const tmp = mkdtempSync(join(tmpdir(), 'studio-e2e-'))
  const dataDir = join(tmp, 'data')
  const profile = join(tmp, 'profile')
  mkdirSync(dataDir)
  mkdirSync(SCREENSHOTS, { recursive: true })
  const problems: string[] = []
  let run: Running
  try {
    run = await launch(dataDir, profile, problems, opts)
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    throw err
  }
  const quit = async (): Promise<void> => {
    await run.context.close()
    await run.bridge.close()
  }
  return {
    get page() {
      return run.page
    },
    get bridge() {
      return run.bridge
    },
    get context() {
      return run.context
    },
    tmp,
    problems,
    async shot(name) {
      const path = join(SCREENSHOTS, `${name}.png`)
      await run.page.screenshot({ path })
      return path
    },
    async restart() {
      await quit()
      run = await launch(dataDir, profile, problems, opts)
    },
    async close() {
      await quit()
      rmSync(tmp, { recursive: true, force: true })
    },
  }
}
