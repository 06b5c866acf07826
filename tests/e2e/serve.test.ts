// End-to-end against `crnngan serve` itself (a child process, as a user runs it; not the test bridge): the token is
// required on every HTTP and WebSocket request, a foreign Origin or Host is refused, and in Chromium a composer
// uploads JSB chorales (folder chooser), trains `tiny`, generates, downloads a MIDI export and parses it, exports
// the run as a .crnnrun download, imports it into a second server with its own library and runs, gets
// byte-identical samples for the same seed there, and sees a zip-slip, a truncated and a tampered archive refused.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { readSong } from '../../src-main/common/midi/readSong'
import { badChecksumCopy, forgedNameZip, truncatedCopy } from '../support/badArchives'
import { corpusFiles, hasCorpus } from '../support/corpus'
import { SHIPPED_MODEL_NAMES } from '../../src-main/common/models/shipped'
import { SCREENSHOTS } from './support/harness'
import { launchChromium, openServed, startServe, type Served, type ServedPage } from './support/served'
import { defaultShippedModel } from './support/shippedModels'

/** The shipped models' run ids (listed beside the runs trained here). */
const SHIPPED: string[] = [...SHIPPED_MODEL_NAMES]

const tmp = mkdtempSync(join(tmpdir(), 'crnngan-serve-e2e-'))
let a: Served
let browser: Browser
afterAll(async () => {
  await browser?.close()
  await a?.stop()
  rmSync(tmp, { recursive: true, force: true })
})
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  ;[a, browser] = await Promise.all([startServe(join(tmp, 'a')), launchChromium()])
})

/** GET through node:http so the Host header can be set. */
const get = (url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((ok, bad) => {
    const r = request(url, { headers }, (res) => {
      res.resume()
      ok({ status: res.statusCode ?? 0, headers: res.headers })
    })
    r.on('error', bad)
    r.end()
  })

/** Outcome of a WebSocket handshake: 'open' or the HTTP status it was refused with. */
const handshake = (url: string, headers: Record<string, string>) =>
  new Promise<string>((ok) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      ok('open')
    })
    ws.on('unexpected-response', (_req, res) => ok(String(res.statusCode)))
    ws.on('error', (e) => ok(`error: ${e.message}`))
  })

describe('crnngan serve: access control', () => {
  it('answers 401 without the token, trades the token for a strict cookie, and sends the strict CSP', async () => {
    expect((await get(`${a.base}/`)).status).toBe(401)
    expect((await get(`${a.base}/?token=wrong-token`)).status).toBe(401)
    expect((await get(`${a.base}/api/download/0123456789abcdef01234567/x.mid`)).status).toBe(401)
    const first = await get(a.url)
    expect(first.status).toBe(302)
    expect(first.headers.location).toBe('/')
    const cookie = String(first.headers['set-cookie']).split(';')[0]
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\//)
    const page = await get(`${a.base}/`, { Cookie: cookie })
    expect(page.status).toBe(200)
    const port = new URL(a.base).port
    expect(page.headers['content-security-policy']).toBe(
      `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self' ws://127.0.0.1:${port}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    )
    // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own Host.
    expect((await get(`${a.base}/`, { Cookie: cookie, Host: `evil.example:${port}` })).status).toBe(403)
  })

  it('refuses a WebSocket without the token or from another Origin', async () => {
    const ws = `${a.base.replace('http', 'ws')}/studio`
    const cookie = `crnngan-studio-${new URL(a.base).port}=${a.token}`
    expect(await handshake(ws, { Origin: a.base })).toBe('401')
    expect(await handshake(ws, { Origin: a.base, Cookie: `${cookie}x` })).toBe('401')
    expect(await handshake(ws, { Origin: 'http://evil.example', Cookie: cookie })).toBe('403')
    expect(await handshake(ws, { Cookie: cookie })).toBe('403')
    expect(await handshake(ws, { Origin: a.base, Cookie: cookie })).toBe('open')
  })
})

/** Saves the download a click starts; returns its path. */
async function download(page: Page, click: () => Promise<void>, dir: string, as?: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()])
  const path = join(dir, as ?? dl.suggestedFilename())
  await dl.saveAs(path)
  return path
}

/** Answers the next file chooser (opened by `click`) with `files`. */
async function choose(page: Page, click: () => Promise<void>, files: string | string[]): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click()])
  await chooser.setFiles(files)
}

/** generate:sample through the page's own window.studio (the served WebSocket); each phrase's song as JSON. */
const sampleBytes = (page: Page, runId: string): Promise<string[]> =>
  page.evaluate(async (id) => {
    const r = await window.studio!.invoke('generate:sample', { runId: id, seed: 7, count: 3, length: 16 })
    if (!r.ok) throw new Error(r.error.message)
    return r.value.phrases.map((p) => JSON.stringify(p.song))
  }, runId)

describe.skipIf(!hasCorpus)(
  'crnngan serve in Chromium: upload, train, generate, download, runs that travel',
  () => {
    let s: ServedPage
    let runId = ''
    let archive = ''
    const downloads = join(tmp, 'downloads')

    beforeAll(async () => {
      mkdirSync(downloads)
      s = await openServed(browser, a)
    })

    it('opens with the shipped starter model and generates from it (first run, nothing uploaded yet)', async () => {
      const { page } = s
      await page.getByTestId('try-starter').click()
      await expect(page.getByTestId('compose-run').inputValue()).resolves.toBe(defaultShippedModel())
      await page.getByTestId('compose-count').fill('1')
      await page.getByTestId('compose-length').fill('16')
      await page.getByTestId('compose-generate').click()
      await page.locator('[data-testid="candidate"]').first().waitFor({ timeout: 120_000 })
      await page.screenshot({ path: join(SCREENSHOTS, 'serve-starter.png') })
      await page.getByTestId('nav-library').click()
    })

    it('uploads a folder of 12 JSB chorales through the folder chooser, with a progress bar, and imports it', async () => {
      const folder = join(tmp, 'chorales')
      mkdirSync(folder)
      for (const f of corpusFiles('jsb-chorales/train').slice(0, 12))
        copyFileSync(f, join(folder, f.split('/').pop()!))
      writeFileSync(join(folder, 'README.txt'), 'not MIDI: the browser client leaves it out')
      const { page } = s
      // A slow link (as over ssh -L from far away) so the upload's progress bar is on screen long enough to see.
      const cdp = await s.context.newCDPSession(page)
      const throttle = (bytesPerSecond: number): Promise<unknown> =>
        cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput: bytesPerSecond,
        })
      await throttle(8 * 1024)
      await choose(page, () => page.getByRole('button', { name: 'Choose folder…' }).click(), folder)
      const bar = page.getByTestId('upload-bar')
      await bar.waitFor()
      await expect(bar.textContent()).resolves.toMatch(/Uploading 12 files.*of 12 files/s)
      await page.screenshot({ path: join(SCREENSHOTS, 'serve-upload.png') })
      await page.getByTestId('dataset-name').waitFor({ timeout: 60_000 })
      await throttle(-1)
      await expect(bar.count()).resolves.toBe(0)
      await expect(page.getByTestId('dataset-name').inputValue()).resolves.toBe('chorales')
      await page.getByTestId('start-import').click()
      await page.getByTestId('dataset-view').waitFor()
      await expect(page.getByTestId('dataset-summary').textContent()).resolves.toMatch(/12 files/)
      await page.screenshot({ path: join(SCREENSHOTS, 'serve-library.png') })
      // Uploaded files landed in the server's own temp folder, and the import is self-contained in the library.
      expect(readdirSync(join(a.dataDir, 'library')).length).toBeGreaterThan(0)
    })

    it('trains tiny for 2 epochs, generates, and downloads a MIDI export that parses', async () => {
      const { page } = s
      await page.getByTestId('nav-train').click()
      await page.getByTestId('train-preset').selectOption('tiny')
      await page.getByTestId('train-epochs').fill('2')
      await page.getByTestId('train-start').click()
      await page.getByTestId('run-state').getByText('finished').waitFor({ timeout: 240_000 })
      runId = await page.evaluate(async (shipped) => {
        const r = await window.studio!.invoke('train:list', {})
        if (!r.ok) throw new Error(r.error.message)
        return r.value.find((x) => !shipped.includes(x.runId))!.runId
      }, SHIPPED)
      await page.getByTestId('nav-compose').click()
      await page.getByTestId('compose-run').selectOption(runId)
      await page.getByTestId('compose-seed').fill('7')
      await page.getByTestId('compose-count').fill('2')
      await page.getByTestId('compose-length').fill('16')
      await page.getByTestId('compose-generate').click()
      const card = page.locator('[data-testid="candidate"]').filter({ hasNot: page.locator('text=0 notes') })
      await card.first().getByTestId('candidate-insert').click()
      await page.getByTestId('clip-list').getByText(/clip1/).waitFor()
      const mid = await download(page, () => page.getByTestId('compose-export').click(), downloads)
      expect(mid).toMatch(/\.mid$/)
      const song = readSong(new Uint8Array(readFileSync(mid)))
      expect(song.tracks.flatMap((t) => t.notes).length).toBeGreaterThan(0)
      await page.screenshot({ path: join(SCREENSHOTS, 'serve-compose.png') })
      // Save = a download of the project; Open… = an upload of it, validated by the server.
      const proj = await download(page, () => page.getByTestId('project-save').click(), downloads)
      expect(proj).toMatch(/\.crnnproj$/)
      await expect(page.getByTestId('project-title').textContent()).resolves.not.toMatch(/•$/)
      await page.getByRole('button', { name: 'New', exact: true }).click()
      await expect.poll(() => page.getByTestId('clip-list').getByText(/clip1/).count()).toBe(0)
      await choose(page, () => page.getByRole('button', { name: 'Open…' }).click(), proj)
      await page.getByTestId('clip-list').getByText(/clip1/).waitFor()
      await expect(page.getByTestId('project-title').textContent()).resolves.toMatch(/untitled/)
      // Saving the opened project again is a new download too: the upload it came from is not the user's file.
      const again = await download(
        page,
        () => page.getByTestId('project-save').click(),
        downloads,
        'again.crnnproj',
      )
      expect(readFileSync(again, 'utf8')).toContain('clip1')
    })

    it('exports the run as a .crnnrun download; another server imports it and samples byte-identically', async () => {
      const { page } = s
      await page.getByTestId('nav-train').click()
      const item = page.getByTestId('run-item').filter({ hasText: runId })
      archive = await download(page, () => item.getByTestId('run-export').click(), downloads)
      expect(archive).toMatch(/\.crnnrun$/)
      await item.getByRole('combobox', { name: 'Checkpoints to export' }).selectOption('1')
      const epochOne = await download(
        page,
        () => item.getByTestId('run-export').click(),
        downloads,
        'epoch1.crnnrun',
      )
      const expected = await sampleBytes(page, runId)

      const b = await startServe(join(tmp, 'b'))
      try {
        const t = await openServed(browser, b)
        await t.page.getByTestId('nav-train').click()
        await choose(t.page, () => t.page.getByTestId('run-import').click(), archive)
        await t.page
          .getByTestId('notice-success')
          .getByText(/Imported run/)
          .waitFor()
        const imported = await t.page.evaluate(async (shipped) => {
          const r = await window.studio!.invoke('train:list', {})
          if (!r.ok) throw new Error(r.error.message)
          return r.value.filter((x) => !shipped.includes(x.runId)).map((x) => x.runId)
        }, SHIPPED)
        expect(imported).toEqual([runId])
        expect(await sampleBytes(t.page, runId)).toEqual(expected)
        await t.page.screenshot({ path: join(SCREENSHOTS, 'serve-run-imported.png') })

        // Damaged archives are refused with the file and the problem named; nothing is added to the runs folder.
        const bad = join(tmp, 'bad')
        mkdirSync(bad)
        const cases: [string, RegExp][] = [
          [
            await truncatedCopy(archive, join(bad, 'truncated.crnnrun')),
            /truncated\.crnnrun: .*truncated or not a zip/i,
          ],
          [
            (await badChecksumCopy(archive, join(bad, 'tampered.crnnrun'))).file,
            /tampered\.crnnrun: .*fails its sha256/i,
          ],
          [
            await forgedNameZip('../../evil.txt', 'xx/xx/evil.txt', join(bad, 'slip.crnnrun')),
            /slip\.crnnrun: .*\.\.\/\.\.\/evil\.txt/i,
          ],
        ]
        for (const [file, message] of cases) {
          await choose(t.page, () => t.page.getByTestId('run-import').click(), file)
          await expect.poll(() => t.page.getByTestId('notice-error').last().textContent()).toMatch(message)
          await t.page.getByTestId('notice-error').last().getByRole('button').first().click()
        }
        await t.page.screenshot({ path: join(SCREENSHOTS, 'serve-bad-archive.png') })
        expect(readdirSync(join(b.dataDir, 'runs'))).toEqual([runId])
        expect(existsSync(join(tmp, 'evil.txt'))).toBe(false)

        // Fine-tune an imported run like a local one: the epoch-1 checkpoint alone travels, and continues to epoch 2 on
        // a dataset of this library (its own dataset stayed on the other machine).
        await t.page.getByTestId('nav-library').click()
        await choose(
          t.page,
          () => t.page.getByRole('button', { name: 'Choose folder…' }).click(),
          join(tmp, 'chorales'),
        )
        await t.page.getByTestId('start-import').click()
        await t.page.getByTestId('dataset-view').waitFor()
        await t.page.getByTestId('nav-train').click()
        await choose(t.page, () => t.page.getByTestId('run-import').click(), epochOne)
        const copy = t.page.getByTestId('run-item').filter({ hasText: `${runId}-2` })
        await copy.getByText(/1\/2\s*epochs/).waitFor()
        await t.page.screenshot({ path: join(SCREENSHOTS, 'serve-resume-imported.png') })
        await copy.getByTestId('run-resume-on').click()
        await t.page.getByTestId('run-state').getByText('finished').waitFor({ timeout: 240_000 })
        await copy.getByText(/2\/2\s*epochs/).waitFor()
        expect(t.problems).toEqual([])
        await t.context.close()
      } finally {
        await b.stop()
      }
      expect(s.problems).toEqual([])
    })
  },
)
