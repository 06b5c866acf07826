// The studio served to a browser (`crnngan serve`, `npm run studio`, and the e2e bridge): the built renderer over
// HTTP and window.studio over a WebSocket, answered by the SAME createHandlers table and services as Electron's
// main. Every request needs the token (see auth.ts); dialogs are uploads and downloads (uploads.ts, downloads.ts).
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { AppInfo } from '@common/ipc/dtos'
import { encode } from '@common/ipc/wire'
import { createHandlers, type Broadcast } from '../app/ipc/handlers'
import { PathGuard } from '../app/ipc/pathGuard'
import { createDatasetService } from '../app/services/datasetService'
import { createFileService, type Pickers } from '../app/services/fileService'
import { createTrainingService, type HostTransport } from '../app/services/trainingService'
import { DatasetStore } from '../datasets/DatasetStore'
import type { ParsePoolFactory } from '../datasets/parsePool'
import {
  hostAllowed,
  isLoopback,
  newToken,
  originAllowed,
  presentedToken,
  tokenCookie,
  tokenMatches,
} from './auth'
import { DownloadStore } from './downloads'
import { answerFrame } from './socket'
import { checkRendererDir, send, serveStatic } from './staticFiles'
import { handleUpload } from './uploadRoutes'
import { UploadStore } from './uploads'
import { webPickers as webPickersOf } from './webPickers'
import { workerHost } from './workerHost'

const ROOT = resolve(import.meta.dirname, '../..')

/** Options of {@link startStudioServer}. */
export interface ServeOptions {
  readonly libraryDir: string
  readonly runsDir: string
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string
  /** Port (default 0 = a free one). */
  readonly port?: number
  readonly rendererDir?: string
  /** Fixed token (tests); default a fresh random one. */
  readonly token?: string
  /** Engine backend to try first (falls back down the ladder). */
  readonly backend?: string
  readonly spawnHost?: () => HostTransport
  /** Replaces the upload/download pickers (the test bridge queues paths instead). */
  readonly pickers?: Pickers
  /** Paths of a drop that carries no upload (the test bridge). */
  readonly onDrop?: (names: readonly string[]) => string[]
  readonly shell?: AppInfo['shell']
  /** Status lines (the engine's backend and why); default none. */
  readonly log?: (line: string) => void
  readonly version?: string
  /** Parse workers of imports (default local worker threads; the test bridge wraps them to hold an import). */
  readonly parsePool?: ParsePoolFactory
  /** Folders nothing may be written into through file channels (default: the library and the runs folder). */
  readonly protect?: readonly string[]
}

/** A running studio server. */
export interface StudioServer {
  /** The URL to open, token included: http://HOST:PORT/?token=… */
  readonly url: string
  /** http://HOST:PORT */
  readonly origin: string
  readonly port: number
  readonly token: string
  readonly libraryDir: string
  readonly runsDir: string
  /** Pushes an event to every connected page (as Electron's main would). */
  readonly emit: Broadcast
  close(): Promise<void>
}

/** Starts the server; resolves once it listens. */
export async function startStudioServer(o: ServeOptions): Promise<StudioServer> {
  const rendererDir = resolve(o.rendererDir ?? join(ROOT, 'out/renderer'))
  checkRendererDir(rendererDir)
  const bind = o.host ?? '127.0.0.1'
  const loopbackOnly = isLoopback(bind)
  const token = o.token ?? newToken()
  const libraryDir = resolve(o.libraryDir)
  const runsDir = resolve(o.runsDir)
  const scratch = await mkdtemp(join(tmpdir(), 'crnngan-serve-'))
  const uploads = new UploadStore(join(scratch, 'uploads'))
  const downloads = new DownloadStore(join(scratch, 'downloads'))
  // The guard sees only server-side paths: the library and this server's uploads. The downloads folder is not a
  // root — roots are also write-protected — each save reserves a fresh path there and the save makes it writable.
  const guard = new PathGuard([libraryDir, uploads.root], {
    protect: o.protect ?? [libraryDir, runsDir],
  })
  const sockets = new Set<WebSocket>()
  const broadcast: Broadcast = (event, payload) => {
    const text = JSON.stringify(encode({ event, payload }))
    for (const s of sockets) s.send(text)
  }
  const training = createTrainingService({
    spawn: o.spawnHost ?? (() => workerHost(o.backend)),
    broadcast,
    libraryDir,
    runsDir,
    backend: o.backend,
    log: o.log,
  })
  const handlers = createHandlers(
    {
      datasets: createDatasetService(
        new DatasetStore(libraryDir, o.parsePool ? { parsePool: o.parsePool } : {}),
      ),
      training,
      files: createFileService(guard, o.pickers ?? webPickersOf(downloads)),
      guard,
      info: {
        name: 'C-RNN-GAN Studio',
        version: o.version ?? '0.1.0',
        shell: o.shell ?? 'web',
        platform: process.platform,
        libraryDir,
      },
    },
    broadcast,
  )

  let port = 0
  const authorised = (req: IncomingMessage): ReturnType<typeof presentedToken> | null => {
    const t = presentedToken(req, port)
    return tokenMatches(t.token, token) ? t : null
  }
  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req.headers.host, loopbackOnly))
      return send(res, 403, 'this studio answers only to localhost (use ssh -L, or crnngan serve --host)')
    const auth = authorised(req)
    if (!auth)
      return send(
        res,
        401,
        'this studio needs its token: open the URL that crnngan serve printed (…/?token=…)',
      )
    const url = new URL(req.url ?? '/', 'http://x')
    const unsafe = req.method !== 'GET' && req.method !== 'HEAD'
    if (unsafe && req.headers.origin !== undefined && !originAllowed(req))
      return send(res, 403, `requests from ${req.headers.origin} are refused`)
    if (auth.from === 'query' && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Trade the token for a cookie once and drop it from the address bar (history, screenshots, referrers).
      url.searchParams.delete('token')
      res.writeHead(302, { 'Set-Cookie': tokenCookie(port, token), Location: `${url.pathname}${url.search}` })
      res.end()
      return
    }
    if (url.pathname.startsWith('/api/upload')) return handleUpload(req, res, url, uploads)
    const dl = /^\/api\/download\/([0-9a-f]{24})\/([^/]+)$/.exec(url.pathname)
    if (dl && req.method === 'GET') return downloads.serve(dl[1], decodeURIComponent(dl[2]), res)
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed')
    return serveStatic(rendererDir, url.pathname, req.headers.host!, res)
  }
  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `internal error: ${(err as Error).message}`)
      else res.destroy()
    })
  })
  // 96 MiB: a 64 MiB MIDI/project payload, base64-encoded, fits; anything larger is refused by ws itself.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 96 * 1024 * 1024 })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/studio') return refuse('404 Not Found')
    if (!hostAllowed(req.headers.host, loopbackOnly)) return refuse('403 Forbidden')
    if (!authorised(req)) return refuse('401 Unauthorized')
    if (!originAllowed(req)) return refuse('403 Forbidden')
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only')
      void answerFrame(String(data), { handlers, uploads, downloads, onDrop: o.onDrop }).then((text) => {
        if (text !== null && ws.readyState === ws.OPEN) ws.send(text)
      })
    })
  })

  training.warmUp()
  await new Promise<void>((ok, bad) => {
    server.once('error', bad)
    server.listen(o.port ?? 0, bind, () => ok())
  })
  port = (server.address() as AddressInfo).port
  const shown = bind.includes(':') ? `[${bind}]` : bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind
  const origin = `http://${shown}:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    libraryDir,
    runsDir,
    emit: broadcast,
    async close() {
      training.dispose()
      for (const s of sockets) s.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
      await rm(scratch, { recursive: true, force: true })
    },
  }
}
