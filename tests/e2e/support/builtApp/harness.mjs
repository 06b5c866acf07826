// Drives the built main (out/main/index.js) under the recording electron stub, as Electron would: import, then
// 'ready'; then it loads the window's URL through the registered app:// handler, waits for the trainer host, and makes
// real IPC calls as the window's main frame. Writes what it saw to the report file; the test judges it.
// Usage: node --import ./recorder.mjs harness.mjs <config.json>   (config: see builtApp.test.ts `runHarness`)
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const report = { steps: {}, error: null }
const stub = () => globalThis.__electronStub
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
async function until(what, test, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) if (test()) return
  throw new Error(`timed out after ${ms} ms waiting for ${what}`)
}
const finish = (code) => {
  for (const child of stub()?.children ?? []) if (child.exitCode === null) child.kill('SIGKILL')
  writeFileSync(config.report, JSON.stringify(report, null, 1))
  process.exit(code)
}
setTimeout(() => {
  report.error = `harness watchdog: still running after ${config.timeoutMs} ms`
  finish(2)
}, config.timeoutMs).unref()

async function fetchApp(handler, url) {
  const r = await handler(new Request(url))
  const body = Buffer.from(await r.arrayBuffer())
  const header = (h) => r.headers.get(h)
  return {
    url,
    status: r.status,
    type: header('content-type'),
    csp: header('content-security-policy'),
    bytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    text: header('content-type')?.startsWith('text/html') ? body.toString('utf8') : undefined,
  }
}

try {
  // Electron sets this before the app's code runs; electron-builder's extraResources land under it.
  process.resourcesPath = config.resourcesPath
  await import(pathToFileURL(config.mainJs).href)
  const s = stub()
  report.steps.beforeReady = [...s.order]
  s.ready()
  await until('the window to load a URL', () => s.windows[0]?.loaded.length > 0, 20_000)
  const w = s.windows[0]
  report.steps.window = {
    preload: w.options.webPreferences.preload,
    icon: w.options.icon,
    webPreferences: w.options.webPreferences,
    loaded: w.loaded,
    schemes: s.schemes,
    protocols: [...s.protocols.keys()],
  }
  const handler = s.protocols.get('app')
  if (handler && w.loaded[0]?.startsWith('app://')) {
    const page = await fetchApp(handler, w.loaded[0])
    const refs = [...(page.text ?? '').matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    const assets = []
    for (const ref of refs.filter((x) => !/^(data|https?):/.test(x)))
      assets.push(await fetchApp(handler, new URL(ref, w.loaded[0]).href))
    report.steps.renderer = { page, assets }
  }
  const sender = { sender: w.win.webContents, senderFrame: w.win.webContents.mainFrame }
  const invoke = (channel, payload) => s.ipc.get(channel)(sender, payload)
  report.steps.channels = [...s.ipc.keys()]
  await until('engine:ready from the trainer host', () => s.sent.some(([e]) => e === 'engine:ready'), 90_000)
  report.steps.engine = s.sent.find(([e]) => e === 'engine:ready')[1]
  report.steps.info = await invoke('app:info', {})
  const runs = await invoke('train:list', {})
  report.steps.runs = runs.ok ? runs.value.map((r) => r.runId) : runs
  // Each shipped model listed (config.models: their names) is sampled and its card read through model:card.
  report.steps.samples = {}
  report.steps.cards = {}
  for (const runId of config.models.filter((m) => report.steps.runs.includes(m))) {
    if (config.sample) {
      const r = await invoke('generate:sample', { runId, count: 1, seed: 7, length: 16 })
      report.steps.samples[runId] = r.ok
        ? {
            ok: true,
            phrases: r.value.phrases.length,
            notes: r.value.phrases[0].song.tracks.reduce((n, t) => n + t.notes.length, 0),
          }
        : r
    }
    const card = await invoke('model:card', { name: runId })
    report.steps.cards[runId] = card.ok ? { ok: true, chars: card.value.markdown.length } : card
  }
  if (config.importDir) {
    s.openDialog.push([config.importDir])
    const picked = await invoke('dialog:chooseImport', { mode: 'folder' })
    const created = await invoke('dataset:create', {
      importId: 'smoke',
      name: 'smoke',
      paths: picked.value.paths,
    })
    report.steps.import = created.ok ? { ok: true, files: created.value.files.length } : created
  }
  // Quit as Electron would; the trainer host is asked to shut down.
  s.appEvents.emit('before-quit', { preventDefault: () => undefined })
  await until(
    'the trainer host to exit',
    () => s.children.every((c) => c.exitCode !== null || c.signalCode),
    15_000,
  )
  report.steps.children = s.children.map((c) => ({ exitCode: c.exitCode, signal: c.signalCode }))
  finish(0)
} catch (err) {
  report.error = String(err?.stack ?? err)
  finish(1)
}
