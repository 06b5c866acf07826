// main's own side of window.studio, in the test's process, for dom tests: the handler table (zod) over the real
// services, with the real trainer host in a worker thread and a starter model (a tiny untrained one written here,
// or the real shipped one). Only the preload's transport is left out: payloads and answers are structured-cloned
// as IPC would, and what main broadcasts reaches the listeners the renderer subscribed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import * as tf from '@tensorflow/tfjs'
import type { InvokeChannel, StudioApi } from '../../src-main/common/ipc/contract'
import { createHandlers, type Broadcast } from '../../src-main/app/ipc/handlers'
import { PathGuard } from '../../src-main/app/ipc/pathGuard'
import { createDatasetService } from '../../src-main/app/services/datasetService'
import { createFileService, type Pickers } from '../../src-main/app/services/fileService'
import { pointShippedModels, writeTinyStarter } from '../../src-main/app/services/testing/starterFixture'
import { createTrainingService, type HostTransport } from '../../src-main/app/services/trainingService'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import type { HostEvent } from '../../src-main/ml/host/protocol'

/** A running in-process main side; `close()` stops the engine and removes its folder. */
export interface HandlerStudio {
  /** What the preload would expose as window.studio, answered by main's handler table. */
  readonly api: StudioApi
  /** The temp folder holding the starter model, the library and the runs. */
  readonly dir: string
  close(): void
}

/** The real shipped default model (in the repo), which makes notes; the tiny untrained fixture makes none. */
export const SHIPPED_STARTER = join(process.cwd(), 'resources/models/starter')

/** Options of {@link startHandlerStudio}. */
export interface HandlerStudioOptions {
  /**
   * What main offers as the shipped starter: 'shipped' ({@link SHIPPED_STARTER}), or a tiny untrained model saved
   * after this epoch and global step (the default: epoch 3, step 9). The paper model is hidden either way.
   */
  readonly starter?: 'shipped' | { readonly epoch: number; readonly globalStep: number }
  /** The user's answers to main's file dialogs (default: every dialog is cancelled). */
  readonly pickers?: Partial<Pickers>
}

/**
 * The served studio's worker host (src-main/serve/workerHost.ts), with its entry found from the repo root: under
 * jsdom, import.meta.url is no file URL, so that module cannot find the entry beside itself.
 */
function workerHost(): HostTransport {
  const entry = pathToFileURL(join(process.cwd(), 'src-main/ml/host/workerEntry.boot.mjs'))
  const worker = new Worker(entry, { workerData: { prefer: 'cpu' } })
  return {
    send: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
    onMessage: (listener) => worker.on('message', (m: HostEvent) => listener(m)),
    onExit: (listener) => worker.once('exit', (code) => listener(code)),
    kill: () => void worker.terminate(),
  }
}

/** Starts main's services and handler table over a fresh temp folder with the tiny starter model shipped. */
export async function startHandlerStudio(o: HandlerStudioOptions = {}): Promise<HandlerStudio> {
  const dir = mkdtempSync(join(tmpdir(), 'crnngan-handler-studio-'))
  let starter = SHIPPED_STARTER
  if (o.starter !== 'shipped') {
    // The fixture model is written here, under jsdom: tfjs would try WebGL first.
    await tf.setBackend('cpu')
    const { epoch, globalStep } = o.starter ?? { epoch: 3, globalStep: 9 }
    starter = join(dir, 'starter')
    await writeTinyStarter(starter, epoch, globalStep)
  }
  const restore = pointShippedModels({ starter, 'starter-paper': null })
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const broadcast: Broadcast = (event, payload) => {
    for (const l of listeners.get(event) ?? []) l(structuredClone(payload))
  }
  const libraryDir = join(dir, 'data', 'library')
  const training = createTrainingService({
    spawn: workerHost,
    broadcast,
    libraryDir,
    runsDir: join(dir, 'data', 'runs'),
  })
  const guard = new PathGuard([libraryDir])
  const none = async () => null
  const handlers = createHandlers(
    {
      datasets: createDatasetService(new DatasetStore(libraryDir)),
      training,
      files: createFileService(guard, {
        chooseImport: async () => [],
        openFile: none,
        saveFile: none,
        ...o.pickers,
      }),
      guard,
      info: { name: 'test', version: '0', shell: 'web', platform: process.platform, libraryDir },
    },
    broadcast,
  )
  const api: StudioApi = {
    invoke: async (channel, payload) => {
      const answer = await handlers[channel as InvokeChannel](structuredClone(payload))
      return structuredClone(answer) as Awaited<ReturnType<StudioApi['invoke']>>
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const l = listener as (payload: unknown) => void
      set.add(l)
      return () => void set.delete(l)
    },
    pathsForDrop: async () => [],
  }
  return {
    api,
    dir,
    close: () => {
      training.dispose()
      restore()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
