// Quitting the app during training (issue #10 item 4), with `electron` faked at its boundary and the trainer's
// utility process replaced by a scripted one: the quit is held, the engine is asked to stop (which saves a
// checkpoint), the window is told "saving…", and the app quits once the run has stopped, or after the bounded wait.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

type Listener = (...args: unknown[]) => unknown
const h = vi.hoisted(() => ({
  userData: '',
  appOn: new Map<string, (...a: unknown[]) => unknown>(),
  windows: [] as { win: any }[], // eslint-disable-line @typescript-eslint/no-explicit-any
  invokeFns: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  sent: [] as [string, unknown][],
  quits: 0,
  /** The scripted trainer process: what main posted to it, its message listener, and kills. */
  child: { posted: [] as { type: string }[], emit: (_m: unknown) => undefined as unknown, kills: 0 },
}))

vi.mock('electron', () => {
  const emitterish = () => {
    const on = new Map<string, Listener>()
    return {
      on: (e: string, l: Listener) => on.set(e, l),
      once: (e: string, l: Listener) => on.set(e, l),
      handlers: on,
    }
  }
  class BrowserWindow {
    static getAllWindows = () => h.windows
    webContents = {
      send: (e: string, p: unknown) => void h.sent.push([e, p]),
      mainFrame: {},
      ...emitterish(),
      setWindowOpenHandler: () => undefined,
    }
    ev = emitterish()
    on = this.ev.on
    once = this.ev.once
    constructor() {
      h.windows.push({ win: this })
    }
    maximize = () => undefined
    closed = 0
    close = () => void this.closed++
    getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 })
    isMaximized = () => false
    isDestroyed = () => false
    loadFile = async () => undefined
    loadURL = async () => undefined
  }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      quit: () => void h.quits++,
      on: (e: string, l: Listener) => h.appOn.set(e, l),
      whenReady: () => Promise.resolve(),
      setName: () => undefined,
      setAboutPanelOptions: () => undefined,
      getPath: () => h.userData,
      getVersion: () => '0.1.0',
      isPackaged: false,
    },
    BrowserWindow,
    dialog: { showMessageBox: async () => ({ response: 2 }) },
    ipcMain: {
      handle: (c: string, fn: (event: unknown, payload: unknown) => unknown) => h.invokeFns.set(c, fn),
      removeHandler: () => undefined,
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => undefined },
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
      },
    },
    shell: { openExternal: async () => undefined },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    utilityProcess: {
      fork: () => ({
        postMessage: (m: { type: string }) => void h.child.posted.push(m),
        on: (e: string, l: (m: unknown) => unknown) => {
          if (e === 'message') h.child.emit = l as typeof h.child.emit
        },
        once: () => undefined,
        kill: () => (h.child.kills++, true),
      }),
    },
    nativeImage: { createFromDataURL: () => ({}) },
    webUtils: {},
  }
})

const settle = () => new Promise((r) => setTimeout(r, 20))
const win = () => h.windows[0].win
const fromPage = (channel: string, payload: unknown) =>
  h.invokeFns.get(channel)!({ sender: win().webContents, senderFrame: win().webContents.mainFrame }, payload)
/** Starts a run through IPC and lets the scripted engine report its first progress. */
async function startRun(): Promise<string> {
  const r = (await fromPage('train:start', { datasetId: 'ds', preset: 'tiny', epochs: 50, seed: 1 })) as {
    value: { runId: string }
  }
  const runId = r.value.runId
  expect(h.child.posted.at(-1)).toMatchObject({ type: 'start', runId })
  h.child.emit({ type: 'progress', runId, epoch: 0, step: 0, stepsPerEpoch: 4, backend: 'cpu' })
  return runId
}
const quit = () => {
  let prevented = false
  h.appOn.get('before-quit')!({ preventDefault: () => (prevented = true) })
  return prevented
}

describe('quitting during training', () => {
  beforeAll(async () => {
    h.userData = mkdtempSync(join(tmpdir(), 'quit-'))
    await import('./index')
    for (let i = 0; i < 50 && h.windows.length === 0; i++) await settle()
  })
  afterAll(() => rmSync(h.userData, { recursive: true, force: true }))

  it('holds the quit, asks the engine to stop, shows "saving…" and quits once the checkpoint is written', async () => {
    const runId = await startRun()
    expect(quit()).toBe(true) // held
    expect(quit()).toBe(true) // still held, and asked only once
    expect(h.child.posted.filter((m) => m.type === 'stop')).toHaveLength(1)
    expect(h.sent).toContainEqual(['app:quitting', { runId, timeoutSeconds: 15 }])
    expect(h.child.kills).toBe(0)
    await settle()
    expect(h.quits).toBe(0) // nothing is killed or quit while the checkpoint is being written
    h.child.emit({
      type: 'checkpoint',
      runId,
      epoch: 0,
      step: 3,
      globalStep: 3,
      path: '/r/e0000-s00003',
      reason: 'stop',
      isBest: false,
      validationLoss: NaN,
    })
    h.child.emit({ type: 'stopped', runId, epoch: 0, checkpointPath: '/r/e0000-s00003' })
    await settle()
    expect(h.quits).toBe(1) // proceeds: app.quit() again
    expect(quit()).toBe(false) // …and that quit goes through, shutting the engine down
    expect(h.child.posted.at(-1)).toEqual({ type: 'shutdown' })
    expect(h.child.kills).toBe(1)
  })

  it('closing the last window during training saves first too, while the window can still show it', async () => {
    // A fresh main process (module state included).
    Object.assign(h, { windows: [], sent: [], quits: 0 })
    h.child.posted = []
    vi.resetModules()
    await import('./index')
    for (let i = 0; i < 50 && h.windows.length === 0; i++) await settle()
    const runId = await startRun()
    let prevented = 0
    win().ev.handlers.get('close')({ preventDefault: () => prevented++ })
    expect(prevented).toBe(1)
    expect(h.sent).toContainEqual(['app:quitting', { runId, timeoutSeconds: 15 }])
    expect(h.child.posted.at(-1)).toEqual({ type: 'stop' })
    h.child.emit({ type: 'failed', runId, code: 'INTERNAL', message: 'disk gone' }) // ends the run too
    await settle()
    expect(h.quits).toBe(1)
  })
})
