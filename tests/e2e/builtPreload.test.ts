// The built preload (out/preload/index.cjs) run in a bare `vm` context that offers only what a sandboxed preload
// may count on here: `require('electron')` with contextBridge and ipcRenderer stubs. It must load with nothing else,
// expose exactly window.studio, and let through exactly the contract's page channels and events — compared with
// src-main/common/ipc/contract.ts, so a stale or widened build fails.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { runInNewContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  EVENT_NAMES,
  INVOKE_CHANNELS,
  isPageChannel,
  PRELOAD_ONLY,
  type StudioApi,
} from '@common/ipc/contract'

const file = resolve(import.meta.dirname, '../../out/preload/index.cjs')

interface Loaded {
  exposed: Map<string, unknown>
  required: string[]
  invoked: { channel: string; payload: unknown }[]
  subscribed: string[]
  studio: StudioApi
}

function load(): Loaded {
  const exposed = new Map<string, unknown>()
  const required: string[] = []
  const invoked: Loaded['invoked'] = []
  const subscribed: string[] = []
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => {
        invoked.push({ channel, payload })
        return { ok: true, value: channel }
      },
      on: (event: string) => void subscribed.push(event),
      removeListener: () => undefined,
    },
  }
  const module = { exports: {} }
  const sandbox = {
    module,
    exports: module.exports,
    require: (id: string) => {
      required.push(id)
      if (id === 'electron') return electron
      throw new Error(`a sandboxed preload cannot require('${id}')`)
    },
  }
  runInNewContext(readFileSync(file, 'utf8'), sandbox, { filename: file })
  return { exposed, required, invoked, subscribed, studio: exposed.get('studio') as StudioApi }
}

/** Channel-like string literals in the built file ('area:name'), to probe everything the bundle mentions. */
const literals = (): string[] => [
  ...new Set([...readFileSync(file, 'utf8').matchAll(/["'`]([a-z]+:[A-Za-z]+)["'`]/g)].map((m) => m[1])),
]

describe('built preload in a vm with only contextBridge and ipcRenderer', () => {
  let p: Loaded
  beforeAll(() => {
    p = load()
  })

  it('loads with require("electron") alone and exposes exactly window.studio = {invoke, on, pathsForDrop}', () => {
    expect([...new Set(p.required)]).toEqual(['electron'])
    expect([...p.exposed.keys()]).toEqual(['studio'])
    expect(Object.keys(p.studio).sort()).toEqual(['invoke', 'on', 'pathsForDrop'])
  })

  it('forwards every page channel of the contract unchanged, and nothing else', async () => {
    const page = INVOKE_CHANNELS.filter((c) => isPageChannel(c))
    expect(page.length).toBeGreaterThan(20)
    for (const channel of page) {
      const payload = { probe: channel }
      expect(await p.studio.invoke(channel, payload as never)).toEqual({ ok: true, value: channel })
    }
    expect(p.invoked.map((i) => i.channel)).toEqual(page)
    expect(p.invoked.every((i) => (i.payload as { probe: string }).probe === i.channel)).toBe(true)
  })

  it('rejects preload-only channels, near misses and anything the bundle mentions that is not a page channel', async () => {
    const before = p.invoked.length
    const hostile = [
      ...PRELOAD_ONLY,
      ...literals().filter((c) => !isPageChannel(c)),
      'dataset:List',
      ' dataset:list',
      'dataset:list ',
      'fs:readFile',
      'shell:openExternal',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '',
    ]
    for (const channel of hostile) {
      const r = await p.studio.invoke(channel as 'dataset:list', {})
      expect(r.ok ? 'ok' : r.error.code, JSON.stringify(channel)).toBe('unknown-channel')
    }
    for (const bogus of [42, null, undefined, {}, ['dataset:list']]) {
      const r = await p.studio.invoke(bogus as unknown as 'dataset:list', {})
      expect(r.ok ? 'ok' : r.error.code).toBe('unknown-channel')
    }
    expect(p.invoked.length).toBe(before)
  })

  it('subscribes to exactly the contract events', () => {
    for (const event of EVENT_NAMES) expect(typeof p.studio.on(event, () => undefined)).toBe('function')
    expect(p.subscribed).toEqual(EVENT_NAMES)
    const others = [
      ...literals().filter((e) => !(EVENT_NAMES as string[]).includes(e)),
      'toString',
      '__proto__',
    ]
    for (const event of others)
      expect(() => p.studio.on(event as 'dataset:progress', () => undefined), event).toThrow(/not an event/)
    expect(p.subscribed).toEqual(EVENT_NAMES)
  })
})
