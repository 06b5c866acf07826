// The end-to-end bridge: the served studio (src-main/serve, what `crnngan serve` runs) with its token, plus the two
// things only tests need: "dialogs" that answer with queued paths (TestPickers) instead of uploads, and the
// injected window.studio client (studioClient.js) that sends dialog channels straight to those pickers.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EVENT_NAMES, INVOKE_CHANNELS, isPageChannel } from '../../src-main/common/ipc/contract'
import type { Broadcast } from '../../src-main/app/ipc/handlers'
import type { HostTransport } from '../../src-main/app/services/trainingService'
import { startStudioServer } from '../../src-main/serve/server'
import { workerHost } from '../../src-main/serve/workerHost'
import { localParsePool } from '../../src-main/datasets/parsePool'
import { ImportGate } from './importGate'
import { TestPickers } from './testPickers'

/** A running bridge. */
export interface Bridge {
  /** http://127.0.0.1:PORT/?token=… (the first visit trades the token for a cookie). */
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

/** Starts the served studio on a random free port with test pickers. */
export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const pickers = new TestPickers()
  const importGate = new ImportGate()
  const server = await startStudioServer({
    libraryDir: join(o.dataDir, 'library'),
    runsDir: join(o.dataDir, 'runs'),
    rendererDir: o.rendererDir,
    spawnHost: o.spawnHost ?? (() => workerHost('cpu')),
    parsePool: importGate.wrap(localParsePool),
    protect: [o.dataDir],
    pickers,
    onDrop: () => {
      const paths = pickers.drops
      pickers.drops = []
      return paths
    },
    shell: 'bridge',
  })
  const cfg = {
    url: `ws://127.0.0.1:${server.port}/studio`,
    invokeChannels: INVOKE_CHANNELS.filter(isPageChannel),
    eventNames: EVENT_NAMES,
  }
  const client = readFileSync(join(import.meta.dirname, 'studioClient.js'), 'utf8')
  return {
    url: server.url,
    pickers,
    libraryDir: server.libraryDir,
    initScript: `window.__studioBridge = ${JSON.stringify(cfg)};\n${client}`,
    emit: server.emit,
    importGate,
    close: () => (importGate.release(), server.close()),
  }
}
