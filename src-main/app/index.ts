// Electron main: single instance, one secure window (sandboxed, isolated, strict CSP, no navigation/popups), the menu,
// the IPC handler table over real services, and the trainer and the imports' MIDI parser in utility processes.
// All app data lives in userData.
// Closing the window with unsaved project changes asks Save / Don't Save / Cancel first (closeGuard.ts).
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DatasetStore } from '../datasets/DatasetStore'
import { setParseWorkerUrl } from '../datasets/parseWorkerUrl'
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './appProtocol'
import { answerOf, CloseGuard, promptOptions } from './closeGuard'
import { CSP_HEADER } from './csp'
import { openExternalSafely, PAPER_URL } from './externalLinks'
import { SOUND_CREDITS } from './credits'
import { createHandlers, type Broadcast } from './ipc/handlers'
import { PathGuard } from './ipc/pathGuard'
import { registerIpc } from './ipc/register'
import { menuTemplate } from './menu'
import { QuitGuard } from './quitGuard'
import { grantPermission } from './permissions'
import { createDatasetService } from './services/datasetService'
import { electronPickers } from './services/electronPickers'
import { createFileService } from './services/fileService'
import { utilityParsePool } from './services/parseHostPool'
import { electronDragMidi } from './services/dragOut'
import { createTrainingService } from './services/trainingService'
import { utilityHost } from './services/utilityHost'
import { DEFAULT_WINDOW_STATE, loadWindowState, MIN_WINDOW, saveWindowState } from './windowState'

const APP_NAME = 'C-RNN-GAN Studio'
// Built as separate entries beside this file by electron.vite.config.ts (main.build.lib.entry).
const trainerEntry = join(import.meta.dirname, 'trainerHost.js')
const parseHostEntry = join(import.meta.dirname, 'parseHost.js')
setParseWorkerUrl(new URL('./parseWorker.js', import.meta.url))
const devUrl = process.env.ELECTRON_RENDERER_URL
// The built renderer is served from app://studio/ (appProtocol.ts); the scheme must be privileged before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
let win: BrowserWindow | null = null
// Quitting while a run trains saves a checkpoint first (bounded wait); set up with the training service in start().
let quitGuard: QuitGuard | null = null
// Unsaved changes (reported by the renderer) make closing the window ask Save / Don't Save / Cancel first.
const closeGuard = new CloseGuard({
  ask: async (title) => {
    const options = promptOptions(title)
    const r = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : { response: 2 }
    return answerOf(r.response)
  },
  requestSave: () => win?.webContents.send('project:saveBeforeClose', {}),
  close: () => win?.close(),
})

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('web-contents-created', (_e, contents) => lockDown(contents))
  app.on('window-all-closed', () => app.quit())
  void app.whenReady().then(start)
}

/** No navigation away from the app, no popups, no webviews: links open in the system browser. */
function lockDown(contents: Electron.WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, (u) => shell.openExternal(u)) // only the hosts in externalLinks.ts
    return { action: 'deny' }
  })
  contents.on('will-navigate', (e, url) => {
    if (!devUrl || !url.startsWith(devUrl)) e.preventDefault()
  })
  contents.on('will-attach-webview', (e) => e.preventDefault())
}

async function start(): Promise<void> {
  app.setName(APP_NAME)
  const userData = app.getPath('userData')
  const libraryDir = join(userData, 'library')
  // The library may be read through file channels, but nothing in app data may be written through them.
  const guard = new PathGuard([libraryDir], { protect: [userData] })
  protocol.handle(APP_SCHEME, appProtocolHandler(join(import.meta.dirname, '../renderer')))

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP_HEADER] } })
  })
  // Only Web MIDI ('midi', not 'midiSysex'), only for our window at our origin; everything else is denied.
  const appUrl = devUrl ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href
  const isOurWindow = (wc: Electron.WebContents | null): boolean =>
    wc !== null && win !== null && wc === win.webContents
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) =>
    callback(
      grantPermission(
        {
          permission,
          ourWindow: isOurWindow(wc),
          url: details.requestingUrl ?? '',
          mainFrame: details.isMainFrame,
        },
        appUrl,
      ),
    ),
  )
  session.defaultSession.setPermissionCheckHandler((wc, permission, requestingOrigin, details) =>
    grantPermission(
      {
        permission,
        ourWindow: isOurWindow(wc),
        url: requestingOrigin,
        mainFrame: details.isMainFrame ?? true,
      },
      appUrl,
    ),
  )

  const broadcast: Broadcast = (event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(event, payload)
  }
  const training = createTrainingService({
    spawn: () => utilityHost(trainerEntry),
    broadcast,
    libraryDir,
    runsDir: join(userData, 'runs'),
  })
  const handlers = createHandlers(
    {
      // Imports parse MIDI in a utility process: a hostile file cannot stall or crash the window's process.
      datasets: createDatasetService(
        new DatasetStore(libraryDir, { parsePool: utilityParsePool(parseHostEntry) }),
      ),
      training,
      files: {
        ...createFileService(
          guard,
          electronPickers(() => win),
        ),
        dragMidi: electronDragMidi(() => win),
      },
      guard,
      info: {
        name: APP_NAME,
        version: app.getVersion(),
        shell: 'electron',
        platform: process.platform,
        libraryDir,
      },
      closeGuard,
    },
    broadcast,
  )
  registerIpc(ipcMain, handlers, (event) => {
    const ours = win !== null && !win.isDestroyed() && event.sender === win.webContents
    return ours && event.senderFrame === win!.webContents.mainFrame
  })
  quitGuard = new QuitGuard({
    training: () => training.training,
    saveAndStop: () => training.stopForQuit(),
    proceed: () => app.quit(),
  })
  app.on('before-quit', (e) => {
    if (quitGuard?.onQuit() === false) e.preventDefault()
    else training.dispose()
  })

  const about = (): void => {
    void dialog
      .showMessageBox({
        type: 'info',
        title: `About ${APP_NAME}`,
        message: `${APP_NAME} ${app.getVersion()}`,
        detail: `Train Mogren’s C-RNN-GAN (2016) on your MIDI, generate phrases, edit and export them.\n\n${SOUND_CREDITS}`,
        buttons: ['OK', 'Read the paper'],
        defaultId: 0,
      })
      .then((r) => r.response === 1 && openExternalSafely(PAPER_URL, (u) => shell.openExternal(u)))
  }
  // macOS shows its own About panel (role 'about'): the same credits there.
  app.setAboutPanelOptions({
    applicationName: APP_NAME,
    applicationVersion: app.getVersion(),
    credits: SOUND_CREDITS,
  })
  const template = menuTemplate({
    appName: APP_NAME,
    isMac: process.platform === 'darwin',
    send: (command) => broadcast('menu:command', { command }),
    about,
    devTools: !app.isPackaged,
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
  await createWindow(userData)
  training.warmUp()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(userData)
  })
}

async function createWindow(userData: string): Promise<void> {
  const state = await loadWindowState(userData).catch(() => DEFAULT_WINDOW_STATE)
  win = new BrowserWindow({
    ...state,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: APP_NAME,
    backgroundColor: '#15171c',
    icon: join(import.meta.dirname, '../../resources/icons/512x512.png'),
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  if (state.maximized) win.maximize()
  win.once('ready-to-show', () => win?.show())
  // Hold the first close until the window state is on disk (the process may exit right after the last window).
  let stateSaved = false
  win.on('close', (e) => {
    const w = win
    if (!closeGuard.onClose()) {
      e.preventDefault() // the prompt is up (or the renderer is saving); it closes the window when answered
      return
    }
    // Closing the last window quits: save the training run's checkpoint while the window can still say so.
    if (quitGuard?.onQuit() === false) {
      e.preventDefault()
      return
    }
    if (stateSaved || !w) return
    e.preventDefault()
    saveWindowState(userData, { ...w.getNormalBounds(), maximized: w.isMaximized() })
      .catch((err) => console.error('could not save the window state', err))
      .finally(() => {
        stateSaved = true
        if (!w.isDestroyed()) w.close()
      })
  })
  win.on('closed', () => (win = null))
  if (devUrl) await win.loadURL(devUrl)
  else await win.loadURL(APP_ENTRY_URL)
}
