// `npm run bench:editor [-- --json]`: builds a harness page with the real PianoRoll on a 10,000-note song, drives
// Debian Chromium through playwright-core, prints frame time while scrolling/zooming, drag-update time and the heap
// held by 500 undo steps. Prints figures only; never fails on time.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { build, preview } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { chromiumArgs, chromiumPath } from '../support/chromium.ts'
import { pianoSamples } from '../../scripts/vite/pianoSamples.ts'

const root = resolve(import.meta.dirname, '../..')
const harness = resolve(import.meta.dirname, 'editorHarness')
const outDir = resolve(root, '.tmp/editor-bench')
const json = process.argv.includes('--json')
const log = (msg: string) => {
  if (!json) console.log(msg)
}

interface Bench {
  ready(): boolean
  notes(): number
  scrollZoom(
    frames: number,
    bars?: number,
  ): Promise<{ frameMsMedian: number; frameMsP95: number; notesDrawnMedian: number }>
  drag(updates: number): Promise<{ dragUpdateMs: number; dragUpdateMsP95: number; historySteps: number }>
  edits(n: number): { steps: number }
  clearHistory(): void
}

export async function run(): Promise<void> {
  log('building the harness page…')
  await build({
    root: harness,
    logLevel: 'warn',
    configFile: false,
    resolve: { alias: { '@common': resolve(root, 'src-main/common') } },
    plugins: [svelte(), pianoSamples()], // the roll's playback imports virtual:piano-samples
    build: { outDir, emptyOutDir: true },
  })
  const server = await preview({
    root: harness,
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' },
  })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview did not report a URL')
  const profile = mkdtempSync(join(tmpdir(), 'editor-bench-'))
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 720 },
  })
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage())
    page.on('pageerror', (e) => console.error('page error:', e.message))
    await page.goto(url)
    await page.waitForFunction(
      () => (window as unknown as { __bench?: Bench }).__bench?.ready() === true,
      null,
      { timeout: 60_000 },
    )
    const notes = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.notes())
    log(`harness ready with ${notes} notes; scrolling and zooming…`)
    await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.scrollZoom(30)) // warm-up (JIT, fonts)
    const sz = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.scrollZoom(200))
    // Stress case beyond the target: the whole song's width in view (thousands of notes per frame).
    const wide = await page.evaluate(() =>
      (window as unknown as { __bench: Bench }).__bench.scrollZoom(60, 400),
    )
    log('dragging…')
    const dr = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.drag(120))
    log('500 undo steps…')
    const cdp = await ctx.newCDPSession(page)
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize
    }
    await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.clearHistory())
    const before = await heap()
    const steps = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.edits(500))
    const after = await heap()
    const figures = {
      notes,
      frameMsMedian: round(sz.frameMsMedian),
      frameMsP95: round(sz.frameMsP95),
      dragUpdateMs: round(dr.dragUpdateMs),
      undoHeapMb: round((after - before) / 2 ** 20),
      // Context beyond the four requested figures.
      notesDrawnPerFrame: sz.notesDrawnMedian,
      dragUpdateMsP95: round(dr.dragUpdateMsP95),
      undoSteps: steps.steps,
      frameMsMedianWholeSong: round(wide.frameMsMedian),
      notesDrawnWholeSong: wide.notesDrawnMedian,
    }
    if (json) console.log(JSON.stringify(figures))
    else {
      console.log(`notes                 ${figures.notes}`)
      console.log(
        `frame ms (scroll/zoom) median ${figures.frameMsMedian}, p95 ${figures.frameMsP95}  (target ≤ 8 median; ${figures.notesDrawnPerFrame} notes drawn/frame)`,
      )
      console.log(
        `drag update ms        median ${figures.dragUpdateMs}, p95 ${figures.dragUpdateMsP95}  (target ≤ 16)`,
      )
      console.log(
        `whole song in view    median ${figures.frameMsMedianWholeSong} ms (${figures.notesDrawnWholeSong} notes drawn/frame)`,
      )
      console.log(`heap of ${figures.undoSteps} undo steps  ${figures.undoHeapMb} MB  (target < 50)`)
    }
  } finally {
    await ctx.close()
    await new Promise<void>((r) => server.httpServer.close(() => r()))
    rmSync(profile, { recursive: true, force: true })
  }
}

const round = (x: number) => Math.round(x * 100) / 100

if (import.meta.url === `file://${process.argv[1]}`) {
  run().catch((err) => {
    console.error(`editor bench could not run: ${err instanceof Error ? err.stack : String(err)}`)
    process.exitCode = 1
  })
}
