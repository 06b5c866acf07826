// Thin Electron registration of the handler table: one ipcMain.handle per contract channel, with a sender check so
// only our own window's top frame can invoke (iframes, other windows and devtools extensions are refused).
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { INVOKE_CHANNELS } from '@common/ipc/contract'
import { fail } from '@common/ipc/result'
import type { Handlers } from './handlers'

/** Decides whether an invoke comes from our window's main frame. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(ipcMain: IpcMain, handlers: Handlers, isOurs: SenderCheck): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      isOurs(event)
        ? handlers[channel](payload)
        : fail('forbidden-sender', `${channel}: sender is not the studio window`),
    )
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}
