// window.studio for the studio served by `crnngan serve`: the same contract as the Electron preload, over the
// server's WebSocket (src-main/serve/socket.ts). Native dialogs become what a web app does: choosing files uploads
// them to the server first (the invoke then carries the upload's id, never a path), and a saved file comes back
// as a download.
import { isEventName, isPageChannel, type InvokeChannel, type StudioApi } from '@common/ipc/contract'
import { extensionOf, type UploadKind } from '@common/ipc/uploads'
import { fail, type Result } from '@common/ipc/result'
import { decode, encode } from '@common/ipc/wire'
import { StudioError } from '../ipc'
import { markServed } from './served'
import { chooseFiles, droppedItems, watchDrops } from './pickers'
import { upload, UploadFailure, type UploadItem } from './uploader'
import { uploads } from './uploadState.svelte'

interface Reply {
  id?: number
  result?: Result<unknown>
  downloads?: { url: string; name: string }[]
  event?: string
  payload?: unknown
}

/** The file chooser of each dialog channel: upload kind, accepted types, and how many files. */
const DIALOGS: Partial<Record<InvokeChannel, { kind: UploadKind; accept: string; multiple: boolean }>> = {
  'dialog:chooseImport': { kind: 'import', accept: '.mid,.midi', multiple: true },
  'file:openMidi': { kind: 'midi', accept: '.mid,.midi', multiple: false },
  'project:open': { kind: 'project', accept: '.crnnproj', multiple: false },
  'run:import': { kind: 'run', accept: '.crnnrun', multiple: false },
}

/** What a dialog answers when the user cancels. */
const CANCELLED: Partial<Record<InvokeChannel, unknown>> = {
  'dialog:chooseImport': { paths: [] },
  'file:openMidi': null,
  'project:open': null,
  'run:import': null,
}

/** Installs window.studio when the page is served over http(s) and no preload provided one. */
export function installWebStudio(): void {
  if (window.studio || !/^https?:$/.test(location.protocol)) return
  watchDrops()
  markServed()
  window.studio = createWebStudio(
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/studio`,
  )
}

/** Starts a download of a file the server just wrote. */
function download(d: { url: string; name: string }): void {
  const a = document.createElement('a')
  a.href = d.url
  a.download = d.name
  a.hidden = true
  document.body.append(a)
  a.click()
  a.remove()
}

const failure = (err: unknown): Result<never> =>
  err instanceof UploadFailure
    ? fail(err.code, err.message)
    : fail('io-error', String((err as Error)?.message ?? err))

/** The StudioApi over a WebSocket at `url`. */
export function createWebStudio(url: string): StudioApi {
  const ws = new WebSocket(url)
  let closed: string | null = null
  const opened = new Promise<void>((resolve) => ws.addEventListener('open', () => resolve(), { once: true }))
  let nextId = 1
  const waiting = new Map<number, (r: Reply) => void>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const lost = (): Reply => ({
    result: fail('unavailable', `the connection to crnngan serve is closed (${closed}); reload the page`),
  })
  ws.addEventListener('close', (e) => {
    closed = e.code === 1006 ? 'refused or lost' : `code ${e.code}`
    for (const [, w] of waiting) w(lost())
    waiting.clear()
  })
  ws.addEventListener('message', (m) => {
    const msg = decode(JSON.parse(String(m.data))) as Reply
    if (typeof msg.id === 'number') {
      waiting.get(msg.id)?.(msg)
      waiting.delete(msg.id)
    } else if (msg.event) for (const l of listeners.get(msg.event) ?? []) l(msg.payload)
  })
  const request = async (body: Record<string, unknown>): Promise<Reply> => {
    await Promise.race([opened, new Promise((r) => ws.addEventListener('close', r, { once: true }))])
    if (closed !== null || ws.readyState !== ws.OPEN) return lost()
    const id = nextId++
    return new Promise<Reply>((resolve) => {
      waiting.set(id, resolve)
      ws.send(JSON.stringify(encode({ ...body, id })))
    })
  }
  const invokeWith = async (
    channel: InvokeChannel,
    payload: unknown,
    uploadId?: string,
  ): Promise<Result<never>> => {
    const r = await request({ op: 'invoke', channel, payload, ...(uploadId ? { upload: uploadId } : {}) })
    for (const d of r.downloads ?? []) download(d)
    return r.result as Result<never>
  }
  const uploadThen = async (
    channel: InvokeChannel,
    payload: unknown,
    items: UploadItem[],
    folder: boolean,
  ) => {
    const d = DIALOGS[channel]!
    try {
      const id = await upload(d.kind, items, folder, uploads)
      return await invokeWith(channel, payload, id)
    } catch (err) {
      return failure(err)
    }
  }

  return {
    invoke: async (channel, payload) => {
      if (!isPageChannel(channel))
        return fail('unknown-channel', `'${String(channel)}' is not an IPC channel of the studio`)
      const dialog = DIALOGS[channel]
      const hasPath = (payload as { path?: unknown } | undefined)?.path !== undefined
      if (!dialog || hasPath) return invokeWith(channel, payload)
      const folder = (payload as { mode?: string } | undefined)?.mode === 'folder'
      let items = await chooseFiles({ accept: dialog.accept, multiple: dialog.multiple, folder })
      if (items.length === 0) return { ok: true, value: CANCELLED[channel] } as Result<never>
      // A chosen folder holds other files too: send only what the import reads.
      if (folder) items = items.filter((i) => ['.mid', '.midi'].includes(extensionOf(i.name)))
      return uploadThen(channel, payload, items, folder)
    },
    on: (event, listener) => {
      if (!isEventName(event)) throw new Error(`'${String(event)}' is not an event of the studio`)
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event)!.add(listener as (p: unknown) => void)
      return () => void listeners.get(event)?.delete(listener as (p: unknown) => void)
    },
    // A drop uploads what was dropped (folders keep their structure); the server answers with its own paths.
    pathsForDrop: async (files) => {
      const { items, folder } = await droppedItems(files)
      const runs = items.length > 0 && items.every((i) => extensionOf(i.name) === '.crnnrun')
      const midi = items.filter((i) => ['.mid', '.midi'].includes(extensionOf(i.name)))
      if (!runs && midi.length === 0) return []
      const archives = items.map((i) => ({ file: i.file, name: i.file.name }))
      let id: string
      try {
        id = await upload(runs ? 'run' : 'import', runs ? archives : midi, folder && !runs, uploads)
      } catch (err) {
        const f = failure(err)
        throw new StudioError(f.ok ? { code: 'internal', message: '' } : f.error)
      }
      const r = await request({ op: 'drop', upload: id })
      if (!r.result?.ok)
        throw new StudioError(r.result?.error ?? { code: 'internal', message: 'drop refused' })
      return (r.result.value as { paths: string[] }).paths
    },
  }
}
