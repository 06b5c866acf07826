// Browser half of the test bridge, injected with page.addInitScript before the app loads: defines window.studio
// ({invoke, on, pathsForDrop}) speaking to tests/bridge/server.ts over a WebSocket. Mirrors the preload's checks.
// Expects window.__studioBridge = { url, invokeChannels, eventNames } set by a preceding init script.
;(() => {
  const cfg = window.__studioBridge
  if (!cfg) throw new Error('studioClient.js: window.__studioBridge is not configured')
  const CTORS = {
    Uint8Array,
    Int8Array,
    Uint16Array,
    Int16Array,
    Uint32Array,
    Int32Array,
    Float32Array,
    Float64Array,
  }

  const toB64 = (u8) => {
    let s = ''
    for (let i = 0; i < u8.length; i += 0x8000)
      s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000))
    return btoa(s)
  }
  const encode = (v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { __num: String(v) }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      return { __ta: v.constructor.name, b64: toB64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) }
    }
    if (Array.isArray(v)) return v.map(encode)
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]))
    return v
  }
  const decode = (v) => {
    if (Array.isArray(v)) return v.map(decode)
    if (v && typeof v === 'object') {
      if (typeof v.__num === 'string') return Number(v.__num)
      if (typeof v.__ta === 'string') {
        const bin = atob(v.b64)
        const u8 = new Uint8Array(bin.length)
        for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i)
        return new CTORS[v.__ta](u8.buffer, 0, u8.byteLength / CTORS[v.__ta].BYTES_PER_ELEMENT)
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]))
    }
    return v
  }

  const ws = new WebSocket(cfg.url)
  const opened = new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve(undefined))
    ws.addEventListener('error', () => reject(new Error(`bridge WebSocket ${cfg.url} failed`)))
  })
  let nextId = 1
  const waiting = new Map()
  const listeners = new Map()
  ws.addEventListener('message', (m) => {
    const msg = decode(JSON.parse(m.data))
    if (msg.id !== undefined) {
      waiting.get(msg.id)?.(msg)
      waiting.delete(msg.id)
    } else if (msg.event) {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload)
    }
  })
  const request = async (body) => {
    await opened
    const id = nextId++
    return new Promise((resolve) => {
      waiting.set(id, resolve)
      ws.send(JSON.stringify(encode({ ...body, id })))
    })
  }

  window.studio = Object.freeze({
    invoke: async (channel, payload) => {
      if (!cfg.invokeChannels.includes(channel)) {
        return {
          ok: false,
          error: { code: 'unknown-channel', message: `'${channel}' is not an IPC channel of the studio` },
        }
      }
      return (await request({ op: 'invoke', channel, payload })).result
    },
    on: (event, listener) => {
      if (!cfg.eventNames.includes(event)) throw new Error(`'${event}' is not an event of the studio`)
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event).add(listener)
      return () => listeners.get(event).delete(listener)
    },
    // No real paths exist for a synthetic drop: the server answers with the paths the test supplied.
    pathsForDrop: async (files) => {
      const r = await request({ op: 'drop', names: [...files].map((f) => f.name) })
      if (!r.result.ok) throw new Error(r.result.error.message)
      return r.result.value.paths
    },
  })
})()
