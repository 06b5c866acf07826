// Electron shell wiring with `electron` mocked at the import boundary (no binary here): secure webPreferences,
// CSP header, permission denial, navigation/popup blocking, single-instance lock, IPC registration, menu.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '@common/ipc/contract'
import { CSP_HEADER } from './csp'

type Listener = (...args: unknown[]) => unknown
const h = vi.hoisted(() => ({
  userData: '',
  appOn: new Map<string, (...a: unknown[]) => unknown>(),
  windows: [] as { options: Record<string, unknown>; loaded: string[]; win: any }[], // eslint-disable-line @typescript-eslint/no-explicit-any
  handled: new Set<string>(),
  invokeFns: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  sent: [] as [string, unknown][],
  boxes: [] as unknown[][],
  answers: [] as number[],
  headers: null as null | ((d: unknown, cb: (r: unknown) => void) => void),
  permission: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  menu: null as unknown,
  forks: [] as string[],
  kills: 0,
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
    constructor(options: Record<string, unknown>) {
      h.windows.push({ options, loaded: (this.loaded = []), win: this })
    }
    loaded: string[]
    maximize = () => undefined
    closed = 0
    close = () => void this.closed++
    getNormalBounds = () => ({ x: 40, y: 30, width: 1300, height: 820 })
    isMaximized = () => false
    isDestroyed = () => false
    loadFile = async (f: string) => void this.loaded.push(f)
    loadURL = async (u: string) => void this.loaded.push(u)
  }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      on: (e: string, l: Listener) => h.appOn.set(e, l),
      whenReady: () => Promise.resolve(),
      setName: () => undefined,
      getPath: () => h.userData,
      getVersion: () => '0.1.0',
      isPackaged: false,
    },
    BrowserWindow,
    dialog: {
      showMessageBox: async (...a: unknown[]) => {
        h.boxes.push(a)
        return { response: h.answers.shift() ?? 2 }
      },
    },
    ipcMain: {
      handle: (c: string, fn: (event: unknown, payload: unknown) => unknown) => {
        h.handled.add(c)
        h.invokeFns.set(c, fn)
      },
      removeHandler: () => undefined,
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (h.menu = m) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof h.headers) => (h.headers = fn) },
        setPermissionRequestHandler: (fn: typeof h.permission) => (h.permission = fn),
      },
    },
    shell: { openExternal: async () => undefined },
    utilityProcess: {
      fork: (path: string) => {
        h.forks.push(path)
        const kill = () => (h.kills++, true)
        return { postMessage: () => undefined, on: () => undefined, once: () => undefined, kill }
      },
    },
    nativeImage: { createFromDataURL: () => ({}) },
    webUtils: {},
  }
})

describe('Electron main (mocked electron)', () => {
  beforeAll(async () => {
    h.userData = mkdtempSync(join(tmpdir(), 'main-'))
    await import('./index')
    for (let i = 0; i < 50 && h.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
  })
  afterAll(() => rmSync(h.userData, { recursive: true, force: true }))

  it('opens one sandboxed, isolated 1280×800 window with the CJS preload', () => {
    expect(h.windows).toHaveLength(1)
    const o = h.windows[0].options as {
      width: number
      height: number
      webPreferences: Record<string, unknown>
    }
    expect([o.width, o.height]).toEqual([1280, 800])
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(String(o.webPreferences.preload)).toMatch(/preload[\\/]index\.cjs$/)
    expect(h.windows[0].loaded[0]).toMatch(/renderer[\\/]index\.html$/)
  })

  it('sets the CSP header and denies every permission request', () => {
    let headers: Record<string, string[]> = {}
    h.headers!(
      { responseHeaders: { 'X-A': ['1'] } },
      (r) => (headers = (r as { responseHeaders: typeof headers }).responseHeaders),
    )
    expect(headers['Content-Security-Policy']).toEqual([CSP_HEADER])
    expect(headers['X-A']).toEqual(['1'])
    let granted: boolean | undefined
    h.permission!({}, 'media', (ok) => (granted = ok))
    expect(granted).toBe(false)
  })

  it('blocks navigation, popups and webviews in every web contents', () => {
    const on = new Map<string, Listener>()
    let openHandler: Listener = () => undefined
    h.appOn.get('web-contents-created')!(
      {},
      {
        on: (e: string, l: Listener) => on.set(e, l),
        setWindowOpenHandler: (l: Listener) => (openHandler = l),
      },
    )
    expect(openHandler({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    let prevented = 0
    on.get('will-navigate')!({ preventDefault: () => prevented++ }, 'https://evil.example')
    on.get('will-attach-webview')!({ preventDefault: () => prevented++ })
    expect(prevented).toBe(2)
  })

  it('writes the window state before letting the first close through', async () => {
    const w = h.windows[0].win
    let prevented = 0
    w.ev.handlers.get('close')({ preventDefault: () => prevented++ })
    expect(prevented).toBe(1)
    for (let i = 0; i < 100 && w.closed === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(w.closed).toBe(1)
    const saved = JSON.parse(readFileSync(join(h.userData, 'window-state.json'), 'utf8'))
    expect(saved).toEqual({ x: 40, y: 30, width: 1300, height: 820, maximized: false })
    w.ev.handlers.get('close')({ preventDefault: () => prevented++ })
    expect(prevented).toBe(1)
  })

  it('asks Save / Don’t Save / Cancel when the renderer reported unsaved changes, and acts on the answer', async () => {
    const w = h.windows[0].win
    const fromPage = (channel: string, payload: unknown) =>
      h.invokeFns.get(channel)!({ sender: w.webContents, senderFrame: w.webContents.mainFrame }, payload)
    const close = () => {
      let prevented = false
      w.ev.handlers.get('close')({ preventDefault: () => (prevented = true) })
      return prevented
    }
    const settle = () => new Promise((r) => setTimeout(r, 20))
    const closedBefore = w.closed
    await expect(fromPage('project:setDirty', { dirty: true, title: 'tune.crnnproj' })).resolves.toEqual({
      ok: true,
      value: { dirty: true },
    })
    // Cancel: the close is held and nothing else happens.
    h.answers.push(2)
    expect(close()).toBe(true)
    await settle()
    expect(h.boxes).toHaveLength(1)
    const [parent, options] = h.boxes[0] as [unknown, { buttons: string[]; message: string }]
    expect(parent).toBe(w)
    expect(options.buttons).toEqual(['Save', "Don't Save", 'Cancel'])
    expect(options.message).toMatch(/tune\.crnnproj/)
    expect(w.closed).toBe(closedBefore)
    // Save: the page is asked to save; a cancelled save keeps the window, a successful one closes it.
    h.answers.push(0)
    expect(close()).toBe(true)
    await settle()
    expect(h.sent.filter(([e]) => e === 'project:saveBeforeClose')).toHaveLength(1)
    await expect(fromPage('project:closeAfterSave', { saved: false })).resolves.toEqual({
      ok: true,
      value: { closing: false },
    })
    expect(w.closed).toBe(closedBefore)
    h.answers.push(0)
    close()
    await settle()
    await expect(fromPage('project:closeAfterSave', { saved: true })).resolves.toEqual({
      ok: true,
      value: { closing: true },
    })
    expect(w.closed).toBe(closedBefore + 1)
    expect(close()).toBe(false) // the close that follows goes through
    // A clean project closes without a prompt.
    await fromPage('project:setDirty', { dirty: false, title: 'tune.crnnproj' })
    expect(close()).toBe(false)
    expect(h.boxes).toHaveLength(3)
  })

  it('parses an import in a utility process (parseHost.js), forked per import and killed when it ends', async () => {
    const src = join(h.userData, 'import-me')
    mkdirSync(src)
    writeFileSync(join(src, 'a.mid'), Buffer.from('4d546864000000060000000101e0', 'hex'))
    const w = h.windows[0].win
    const fromPage = (channel: string, payload: unknown) =>
      h.invokeFns.get(channel)!({ sender: w.webContents, senderFrame: w.webContents.mainFrame }, payload)
    await fromPage('drop:allow', { paths: [src] })
    const before = h.forks.length
    const created = fromPage('dataset:create', { importId: 'imp-1', name: 'x', paths: [src] })
    for (let i = 0; i < 200 && h.forks.length === before; i++) await new Promise((r) => setTimeout(r, 10))
    expect(h.forks.slice(before)).toEqual([expect.stringMatching(/parseHost\.js$/)])
    await fromPage('dataset:cancelImport', { importId: 'imp-1' })
    await expect(created).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(h.kills).toBeGreaterThan(0)
  })

  it('registers every contract channel, builds the menu and forks the trainer host', () => {
    expect([...h.handled].sort()).toEqual([...INVOKE_CHANNELS].sort())
    expect((h.menu as { label?: string }[]).map((m) => m.label).slice(0, 2)).toEqual(['File', 'Edit'])
    expect(h.forks[0]).toMatch(/trainerHost\.js$/)
  })
})
