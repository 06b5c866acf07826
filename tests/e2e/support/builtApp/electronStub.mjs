// The `electron` module as the built main sees it in the smoke test: records what the app hands to Electron (paths,
// URLs, handlers) in globalThis.__electronStub, where harness.mjs drives it. utilityProcess.fork starts the real
// built entry in a Node child process (recorder.mjs gives it `process.parentPort`); nothing else is emulated.
import { EventEmitter } from 'node:events'
import { join } from 'node:path'

const record = globalThis.__smokeRecord
const state = {
  order: [],
  schemes: [],
  protocols: new Map(),
  ipc: new Map(),
  appEvents: new EventEmitter(),
  windows: [],
  sent: [],
  opened: [],
  children: [],
  openDialog: [],
  userData: process.env.SMOKE_USER_DATA,
  ready: () => undefined,
}
globalThis.__electronStub = state
const readyPromise = new Promise((resolve) => (state.ready = resolve))

export const app = {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  quit: () => void state.order.push('app.quit'),
  exit: () => void state.order.push('app.exit'),
  on: (event, listener) => (state.appEvents.on(event, listener), app),
  once: (event, listener) => (state.appEvents.once(event, listener), app),
  whenReady: () => readyPromise,
  isReady: () => state.order.includes('ready'),
  setName: () => undefined,
  setAboutPanelOptions: () => undefined,
  getName: () => 'C-RNN-GAN Studio',
  getVersion: () => '0.0.0-smoke',
  getPath: (name) => (name === 'userData' ? state.userData : join(state.userData, `path-${name}`)),
  getAppPath: () => process.env.SMOKE_APP_DIR,
}
readyPromise.then(() => state.order.push('ready'))

class WebContents extends EventEmitter {
  mainFrame = { url: '' }
  send(event, payload) {
    state.sent.push([event, payload])
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler
  }
  startDrag(item) {
    record('electron:startDrag', item.file)
  }
  isDestroyed = () => false
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows = () => state.windows.map((w) => w.win)
  constructor(options) {
    super()
    this.webContents = new WebContents()
    state.appEvents.emit('web-contents-created', {}, this.webContents)
    state.windows.push({ options, loaded: [], win: this })
    record('electron:BrowserWindow.preload', options.webPreferences?.preload)
    record('electron:BrowserWindow.icon', options.icon)
  }
  entry = () => state.windows.find((w) => w.win === this)
  loadURL = async (url) => void this.entry().loaded.push(url)
  loadFile = async (file) => {
    this.entry().loaded.push(file)
    record('electron:loadFile', file)
  }
  isDestroyed = () => false
  isMinimized = () => false
  isMaximized = () => false
  getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 })
  maximize = () => undefined
  show = () => undefined
  focus = () => undefined
  restore = () => undefined
  close = () => void this.emit('closed')
}

export const dialog = {
  showMessageBox: async () => ({ response: 0 }),
  showOpenDialog: async () => {
    const filePaths = state.openDialog.shift() ?? []
    return { canceled: filePaths.length === 0, filePaths }
  },
  showSaveDialog: async () => ({ canceled: true }),
  showErrorBox: () => undefined,
}

export const ipcMain = {
  handle: (channel, fn) => void state.ipc.set(channel, fn),
  removeHandler: (channel) => void state.ipc.delete(channel),
  on: () => undefined,
}

export const Menu = { buildFromTemplate: (template) => template, setApplicationMenu: () => undefined }

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => {
    state.order.push('registerSchemesAsPrivileged')
    state.schemes.push(...schemes)
  },
  handle: (scheme, handler) => void state.protocols.set(scheme, handler),
}

export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (fn) => void (state.onHeadersReceived = fn) },
    setPermissionRequestHandler: (fn) => void (state.permissionHandler = fn),
    setPermissionCheckHandler: (fn) => void (state.permissionCheckHandler = fn),
  },
}

export const shell = { openExternal: async (url) => void state.opened.push(url) }

export const nativeImage = {
  createFromDataURL: () => ({ isEmpty: () => false }),
  createFromPath: (path) => (record('electron:nativeImage', path), { isEmpty: () => false }),
}

export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    record('electron:utilityProcess.fork', modulePath)
    const child = globalThis.__smokeOriginals.fork(modulePath, args, {
      env: { ...process.env, ...options.env, SMOKE_UTILITY: '1' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    state.children.push(child)
    const proc = {
      pid: child.pid,
      postMessage: (message) => void (child.connected && child.send(message)),
      on: (event, listener) => (child.on(event, listener), proc),
      once: (event, listener) => (child.once(event, listener), proc),
      kill: () => child.kill(),
    }
    return proc
  },
}

export const webUtils = { getPathForFile: () => '' }
export const contextBridge = {}
export const ipcRenderer = {}
export default {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  nativeImage,
  utilityProcess,
}
