// Electron shell wiring with `electron` mocked at the import boundary (no binary here): secure webPreferences,
// CSP header, permission denial, navigation/popup blocking, single-instance lock, IPC registration, menu.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '@common/ipc/contract'
import { APP_ENTRY_URL } from './appProtocol'
import { CSP_HEADER } from './csp'
import { PAPER_URL } from './externalLinks'

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
  permission: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void, d: unknown) => void),
  permissionCheck: null as null | ((wc: unknown, p: string, origin: string, d: unknown) => boolean),
  menu: null as unknown,
  forks: [] as string[],
  order: [] as string[],
  schemes: [] as unknown[],
  protocols: new Map<string, unknown>(),
  opened: [] as string[],
  aboutPanel: null as unknown,
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
      setName: () => void h.order.push('ready'),
      setAboutPanelOptions: (o: unknown) => (h.aboutPanel = o),
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
        setPermissionCheckHandler: (fn: typeof h.permissionCheck) => (h.permissionCheck = fn),
      },
    },
    shell: { openExternal: async (url: string) => void h.opened.push(url) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        h.order.push('privileged')
        h.schemes.push(...schemes)
      },
      handle: (scheme: string, handler: unknown) => void h.protocols.set(scheme, handler),
    },
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
    // The built renderer comes from the privileged app:// scheme (registered before ready), not from file://.
    expect(h.windows[0].loaded).toEqual([APP_ENTRY_URL])
    expect(h.order.slice(0, 2)).toEqual(['privileged', 'ready'])
    expect(h.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ])
    expect([...h.protocols.keys()]).toEqual(['app'])
  })

  it('sets the CSP header and denies every permission request but MIDI', () => {
    let headers: Record<string, string[]> = {}
    h.headers!(
      { responseHeaders: { 'X-A': ['1'] } },
      (r) => (headers = (r as { responseHeaders: typeof headers }).responseHeaders),
    )
    expect(headers['Content-Security-Policy']).toEqual([CSP_HEADER])
    expect(headers['X-A']).toEqual(['1'])
    let granted: boolean | undefined
    const main = { isMainFrame: true, requestingUrl: 'file:///opt/studio/out/renderer/index.html' }
    h.permission!(h.windows[0].win.webContents, 'media', (ok) => (granted = ok), main)
    expect(granted).toBe(false)
  })

  it('credits the sampled piano (CC BY 3.0, Alexander Holm) and the GM bank in the About box', async () => {
    type Item = { label?: string; click?: () => void; submenu?: Item[] }
    const items = (h.menu as Item[]).flatMap((m) => m.submenu ?? [])
    const before = h.boxes.length
    items.find((i) => i.label?.startsWith('About'))!.click!()
    const [options] = h.boxes[before] as [{ detail: string }]
    expect(options.detail).toMatch(/Salamander Grand Piano V3 by Alexander Holm, licensed CC BY 3\.0/)
    expect(options.detail).toMatch(/FluidR3Mono/)
    expect((h.aboutPanel as { credits: string }).credits).toMatch(/Alexander Holm/)
    h.boxes.splice(before) // later tests count the close prompts
  })

  it('grants Web MIDI (not SysEx) to our window at our origin only, for requests and checks', () => {
    const ours = h.windows[0].win.webContents
    const ask = (wc: unknown, permission: string, url: string, isMainFrame = true) => {
      let granted: boolean | undefined
      h.permission!(wc, permission, (ok) => (granted = ok), { requestingUrl: url, isMainFrame })
      const checked = h.permissionCheck!(wc, permission, url, { isMainFrame })
      expect(checked).toBe(granted)
      return granted
    }
    const app = 'file:///opt/studio/out/renderer/index.html'
    expect(ask(ours, 'midi', app)).toBe(true)
    expect(ask(ours, 'midiSysex', app)).toBe(false)
    expect(ask(ours, 'midi', 'https://evil.example/')).toBe(false)
    expect(ask(ours, 'midi', app, false)).toBe(false) // a sub-frame
    expect(ask({ other: true }, 'midi', app)).toBe(false) // another web contents
    expect(ask(null, 'midi', app)).toBe(false)
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'hid', 'serial', 'usb'])
      expect(ask(ours, p, app)).toBe(false)
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
    // Only allow-listed hosts reach the system browser (externalLinks.ts); the window itself never opens.
    expect(openHandler({ url: PAPER_URL })).toEqual({ action: 'deny' })
    expect(openHandler({ url: 'https://arxiv.org.evil.example/' })).toEqual({ action: 'deny' })
    expect(h.opened).toEqual([PAPER_URL])
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

  it('Help → About offers the paper, opened through the allow-list', async () => {
    const help = (h.menu as { role?: string; submenu?: { label?: string; click?: () => void }[] }[]).find(
      (m) => m.role === 'help',
    )
    const opened = h.opened.length
    h.answers.push(1) // "Read the paper"
    help!.submenu!.find((i) => i.label?.startsWith('About'))!.click!()
    for (let i = 0; i < 50 && h.opened.length === opened; i++) await new Promise((r) => setTimeout(r, 10))
    expect(h.opened.slice(opened)).toEqual([PAPER_URL])
    const [options] = h.boxes.at(-1) as [{ buttons: string[] }]
    expect(options.buttons).toEqual(['OK', 'Read the paper'])
  })
})
