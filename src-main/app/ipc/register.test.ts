// Electron registration: one ipcMain.handle per channel, sender check before any handler runs, clean removal.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '@common/ipc/contract'
import { ok } from '@common/ipc/result'
import type { Handlers } from './handlers'
import { registerIpc } from './register'

describe('registerIpc', () => {
  it('registers every channel and refuses foreign senders with forbidden-sender', async () => {
    const registered = new Map<string, (e: IpcMainInvokeEvent, p: unknown) => unknown>()
    const ipcMain = {
      handle: (c: string, fn: (e: IpcMainInvokeEvent, p: unknown) => unknown) => registered.set(c, fn),
      removeHandler: (c: string) => registered.delete(c),
    } as unknown as IpcMain
    const calls: unknown[] = []
    const handlers = Object.fromEntries(
      INVOKE_CHANNELS.map((c) => [c, async (p: unknown) => (calls.push(p), ok(c))]),
    ) as unknown as Handlers
    const ours = { id: 'ours' } as unknown as IpcMainInvokeEvent
    const off = registerIpc(ipcMain, handlers, (e) => e === ours)
    expect([...registered.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())

    expect(await registered.get('dataset:list')!(ours, {})).toEqual(ok('dataset:list'))
    const foreign = (await registered.get('dataset:list')!(
      { id: 'iframe' } as unknown as IpcMainInvokeEvent,
      {
        x: 1,
      },
    )) as { ok: boolean; error: { code: string } }
    expect(foreign.ok).toBe(false)
    expect(foreign.error.code).toBe('forbidden-sender')
    expect(calls).toEqual([{}])
    off()
    expect(registered.size).toBe(0)
  })
})
