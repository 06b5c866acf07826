// Sandboxed preload: exposes exactly `window.studio` = {invoke, on, pathsForDrop}, restricted to the contract's
// channel names (anything else is rejected here, before it reaches ipcRenderer). Built as CJS for sandbox: true.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { isEventName, isPageChannel, type StudioApi } from '@common/ipc/contract'
import { fail } from '@common/ipc/result'

const api: StudioApi = {
  invoke: (channel, payload) =>
    isPageChannel(channel)
      ? ipcRenderer.invoke(channel, payload)
      : Promise.resolve(fail('unknown-channel', `'${String(channel)}' is not an IPC channel of the studio`)),
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error(`'${String(event)}' is not an event of the studio`)
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as never)
    ipcRenderer.on(event, wrapped)
    return () => void ipcRenderer.removeListener(event, wrapped)
  },
  // Only File objects from a real drop/file input have a path; main allows them as roots through a channel the
  // page itself cannot invoke, so a compromised page cannot widen its own file access.
  pathsForDrop: async (files) => {
    const paths = files.map((f) => webUtils.getPathForFile(f)).filter((p) => p.length > 0)
    if (paths.length === 0) return []
    const r = await ipcRenderer.invoke('drop:allow', { paths })
    if (!r?.ok) throw new Error(r?.error?.message ?? 'dropped files were refused')
    return paths
  },
}

contextBridge.exposeInMainWorld('studio', api)
