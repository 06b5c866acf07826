// The test bridge's two codec halves (tests/bridge/codec.ts for Node, the copy inside studioClient.js for the page)
// must agree: the browser half runs as an injected classic script and cannot import the Node one, so this checks
// them against each other instead — typed arrays and non-finite numbers round-trip both ways.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decode, encode } from '../bridge/codec'

type Listener = (ev: { data?: string }) => void

/** Loads studioClient.js with a fake WebSocket; returns its window.studio, the sent frames and a way to reply. */
function loadClient() {
  const sent: string[] = []
  const handlers = new Map<string, Listener[]>()
  class FakeSocket {
    constructor(readonly url: string) {}
    addEventListener(type: string, l: Listener): void {
      handlers.set(type, [...(handlers.get(type) ?? []), l])
    }
    send(s: string): void {
      sent.push(s)
    }
  }
  const window: Record<string, unknown> = {
    __studioBridge: { url: 'ws://test/studio', invokeChannels: ['echo'], eventNames: ['tick'] },
  }
  const source = readFileSync(join(import.meta.dirname, '../bridge/studioClient.js'), 'utf8')
  new Function('window', 'WebSocket', source)(window, FakeSocket)
  const fire = (type: string, ev: { data?: string } = {}): void => handlers.get(type)?.forEach((l) => l(ev))
  fire('open')
  const studio = window.studio as {
    invoke(channel: string, payload: unknown): Promise<unknown>
    on(event: string, l: (p: unknown) => void): () => void
  }
  return { studio, sent, reply: (msg: unknown) => fire('message', { data: JSON.stringify(encode(msg)) }) }
}

const payload = {
  midi: new Uint8Array([0x4d, 0x54, 0x68, 0x64, 0, 255]),
  cells: new Float32Array([0.5, -1.25, 3e-8]),
  nested: [{ ids: new Int32Array([-7, 2 ** 30]), wide: new Float64Array([Math.PI]) }],
  odd: [NaN, Infinity, -Infinity, 0, 1.5],
  text: 'ok',
}

describe('bridge codec halves', () => {
  it('page → server: what studioClient.js encodes, codec.ts decodes to the same values', async () => {
    const { studio, sent, reply } = loadClient()
    const answer = studio.invoke('echo', payload)
    await expect.poll(() => sent.length).toBe(1)
    const msg = decode(JSON.parse(sent[0])) as { id: number; channel: string; payload: unknown }
    expect(msg.channel).toBe('echo')
    expect(msg.payload).toEqual(payload)
    expect((msg.payload as typeof payload).cells).toBeInstanceOf(Float32Array)
    reply({ id: msg.id, result: { ok: true, value: payload } })
    const back = (await answer) as { ok: boolean; value: typeof payload }
    expect(back.value).toEqual(payload)
    expect(back.value.nested[0].ids).toBeInstanceOf(Int32Array)
  })

  it('server → page: pushed events decode in the page', () => {
    const { studio, reply } = loadClient()
    const got: unknown[] = []
    studio.on('tick', (p) => got.push(p))
    reply({ event: 'tick', payload })
    expect(got).toEqual([payload])
  })
})
