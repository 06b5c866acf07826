// The end-to-end bridge: serves the built renderer (out/renderer) over HTTP on 127.0.0.1 and answers window.studio
// over a WebSocket with the SAME createHandlers table main registers, over real services (DatasetStore on a temp
// library, the trainer host in a worker thread, real files). Only dialogs are replaced (TestPickers).
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { EVENT_NAMES, INVOKE_CHANNELS, isPageChannel } from '../../src-main/common/ipc/contract'
import { fail } from '../../src-main/common/ipc/result'
import { createHandlers, type Broadcast } from '../../src-main/app/ipc/handlers'
import { PathGuard } from '../../src-main/app/ipc/pathGuard'
import { createDatasetService } from '../../src-main/app/services/datasetService'
import { createFileService } from '../../src-main/app/services/fileService'
import { createTrainingService, type HostTransport } from '../../src-main/app/services/trainingService'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import { localParsePool } from '../../src-main/datasets/parsePool'
import { decode, encode } from './codec'
import { ImportGate } from './importGate'
import { TestPickers } from './testPickers'
import { workerHost } from './workerHost'

const ROOT = resolve(import.meta.dirname, '../..')
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
}

/** A running bridge. */
export interface Bridge {
  /** http://127.0.0.1:PORT/ */
  readonly url: string
  readonly pickers: TestPickers
  readonly libraryDir: string
  /** Script for page.addInitScript({content}) that installs window.studio. */
  readonly initScript: string
  /** Pushes an event to the page as main would (e.g. 'menu:command', which only Electron's menu emits). */
  readonly emit: Broadcast
  /** Holds imports at a known point (test-only; see importGate.ts). */
  readonly importGate: ImportGate
  close(): Promise<void>
}

/** Options of {@link startBridge}. */
export interface BridgeOptions {
  /** Temp folder for the library and runs (created by the caller). */
  readonly dataDir: string
  readonly rendererDir?: string
  readonly spawnHost?: () => HostTransport
}

/** Starts the HTTP + WebSocket bridge on a random free port. */
export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const rendererDir = o.rendererDir ?? join(ROOT, 'out/renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`${rendererDir}/index.html is missing: run 'npm run build' before the e2e suite`)
  }
  const libraryDir = join(o.dataDir, 'library')
  const guard = new PathGuard([libraryDir], { protect: [o.dataDir] })
  const pickers = new TestPickers()
  const importGate = new ImportGate()
  const sockets = new Set<WebSocket>()
  const broadcast: Broadcast = (event, payload) => {
    const text = JSON.stringify(encode({ event, payload }))
    for (const s of sockets) s.send(text)
  }
  const training = createTrainingService({
    spawn: o.spawnHost ?? (() => workerHost('cpu')),
    broadcast,
    libraryDir,
    runsDir: join(o.dataDir, 'runs'),
  })
  const handlers = createHandlers(
    {
      datasets: createDatasetService(
        new DatasetStore(libraryDir, { parsePool: importGate.wrap(localParsePool) }),
      ),
      training,
      files: createFileService(guard, pickers),
      guard,
      info: {
        name: 'C-RNN-GAN Studio',
        version: '0.1.0',
        shell: 'bridge',
        platform: process.platform,
        libraryDir,
      },
    },
    broadcast,
  )

  let csp = ''
  const server: Server = createServer((req, res) => {
    void serve(rendererDir, req.url ?? '/', csp).then(
      ({ status, type, body }) => {
        res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
        res.end(body)
      },
      (err: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' })
        res.end(String(err))
      },
    )
  })
  const wss = new WebSocketServer({ server, path: '/studio' })
  wss.on('connection', (ws) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data) => {
      const msg = decode(JSON.parse(String(data))) as ClientMessage
      void answer(msg).then((result) => ws.send(JSON.stringify(encode({ id: msg.id, result }))))
    })
  })
  const answer = async (m: ClientMessage): Promise<unknown> => {
    if (m.op === 'drop') {
      const paths = pickers.drops
      pickers.drops = []
      return handlers['drop:allow']({ paths })
    }
    // The bridge stands in for the preload, so it enforces the same page-channel restriction.
    if (!isPageChannel(m.channel))
      return fail('unknown-channel', `'${String(m.channel)}' is not an IPC channel`)
    return handlers[m.channel](m.payload)
  }

  training.warmUp()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  // The page's CSP allows connect-src 'self' only; the bridge's WebSocket is an extra origin (ws: scheme) that the
  // Electron app never needs, so it is added here, when serving, and never in the shipped index.html.
  csp = `ws://127.0.0.1:${port}`
  const cfg = {
    url: `ws://127.0.0.1:${port}/studio`,
    invokeChannels: INVOKE_CHANNELS.filter(isPageChannel),
    eventNames: EVENT_NAMES,
  }
  const client = readFileSync(join(import.meta.dirname, 'studioClient.js'), 'utf8')
  return {
    url: `http://127.0.0.1:${port}/`,
    pickers,
    libraryDir,
    initScript: `window.__studioBridge = ${JSON.stringify(cfg)};\n${client}`,
    emit: broadcast,
    importGate,
    async close() {
      importGate.release()
      training.dispose()
      for (const s of sockets) s.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

type ClientMessage =
  | { id: number; op: 'invoke'; channel: string; payload: unknown }
  | { id: number; op: 'drop'; names: string[] }

async function serve(
  dir: string,
  url: string,
  wsOrigin: string,
): Promise<{ status: number; type: string; body: Buffer | string }> {
  const path = decodeURIComponent(new URL(url, 'http://x').pathname)
  const file = normalize(join(dir, path === '/' ? 'index.html' : path))
  if (!file.startsWith(dir + sep)) return { status: 403, type: 'text/plain', body: 'forbidden' }
  if (!existsSync(file)) return { status: 404, type: 'text/plain', body: `not found: ${path}` }
  const type = MIME[extname(file)] ?? 'application/octet-stream'
  if (!file.endsWith('index.html')) return { status: 200, type, body: await readFile(file) }
  const html = (await readFile(file, 'utf8')).replace("connect-src 'self'", `connect-src 'self' ${wsOrigin}`)
  return { status: 200, type, body: html }
}
