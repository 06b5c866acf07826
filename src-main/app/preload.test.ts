// Preload (src-main/preload/index.ts): exposes exactly window.studio, restricted to contract channels; drop paths go
// through the preload-only channel. Electron is mocked at the import boundary (its binary cannot run here).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { StudioApi } from '@common/ipc/contract'

const exposed = new Map<string, unknown>()
const invoked: { channel: string; payload: unknown }[] = []
const listeners = new Map<string, Set<(...a: unknown[]) => void>>()

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      invoked.push({ channel, payload })
      return { ok: true, value: { channel } }
    },
    on: (e: string, l: (...a: unknown[]) => void) =>
      (listeners.get(e) ?? listeners.set(e, new Set()).get(e)!).add(l),
    removeListener: (e: string, l: (...a: unknown[]) => void) => listeners.get(e)?.delete(l),
  },
  webUtils: { getPathForFile: (f: { path?: string }) => f.path ?? '' },
}))

describe('preload', () => {
  let studio: StudioApi
  beforeEach(async () => {
    invoked.length = 0
    await import('../preload/index')
    studio = exposed.get('studio') as StudioApi
  })

  it('exposes only window.studio with invoke/on/pathsForDrop', () => {
    expect([...exposed.keys()]).toEqual(['studio'])
    expect(Object.keys(studio).sort()).toEqual(['invoke', 'on', 'pathsForDrop'])
  })

  it('forwards contract channels and rejects anything else, including preload-only ones', async () => {
    expect(await studio.invoke('dataset:list', {})).toEqual({ ok: true, value: { channel: 'dataset:list' } })
    const bogus = await studio.invoke('fs:readFile' as 'dataset:list', {})
    expect(bogus.ok ? 'ok' : bogus.error.code).toBe('unknown-channel')
    const sneaky = await studio.invoke('drop:allow' as 'dataset:list', { paths: ['/etc'] } as never)
    expect(sneaky.ok ? 'ok' : sneaky.error.code).toBe('unknown-channel')
    expect(invoked.map((i) => i.channel)).toEqual(['dataset:list'])
  })

  it('subscribes to contract events only and unsubscribes', () => {
    const got: unknown[] = []
    const off = studio.on('dataset:progress', (p) => got.push(p))
    for (const l of listeners.get('dataset:progress') ?? []) l({}, { done: 1 })
    off()
    for (const l of listeners.get('dataset:progress') ?? []) l({}, { done: 2 })
    expect(got).toEqual([{ done: 1 }])
    expect(() => studio.on('shell:exec' as 'dataset:progress', () => undefined)).toThrow(/not an event/)
  })

  it('allows only real dropped files (with a path) through the preload-only channel', async () => {
    const files = [{ path: '/music/bach' }, { name: 'synthetic' }] as unknown as File[]
    expect(await studio.pathsForDrop(files)).toEqual(['/music/bach'])
    expect(invoked).toEqual([{ channel: 'drop:allow', payload: { paths: ['/music/bach'] } }])
    expect(await studio.pathsForDrop([{ name: 'x' }] as unknown as File[])).toEqual([])
    expect(invoked).toHaveLength(1)
  })
})
