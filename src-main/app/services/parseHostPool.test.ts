// The app's imports parse MIDI in a utility process. Electron is faked at its boundary only: `utilityProcess.fork`
// starts the real parse host entry (datasets/parseHostEntry.ts) in a real child process with a stand-in parentPort.
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DatasetStore } from '../../datasets/DatasetStore'
import { melody, smf } from '../../datasets/testing/smfFixture'

const h = vi.hoisted(() => ({
  children: [] as { child: ChildProcess; modulePath: string; killed: boolean }[],
  /** Called with every message main sends; a test may use it to kill the child at a chosen point. */
  onSend: (_child: ChildProcess, _m: unknown): void => undefined,
  shim: '',
}))

vi.mock('electron', () => ({
  utilityProcess: {
    fork: (modulePath: string) => {
      const child = fork(h.shim, [modulePath], {
        execArgv: ['--import', 'tsx'],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      })
      const rec = { child, modulePath, killed: false }
      h.children.push(rec)
      // Electron queues messages posted before the child runs; node's IPC would drop them, so the fake holds them
      // until the shim says it listens.
      let queue: unknown[] | null = []
      child.on('message', (m) => {
        if ((m as { shimReady?: boolean }).shimReady && queue) {
          for (const q of queue) child.send(q as never)
          queue = null
        }
      })
      return {
        pid: child.pid,
        postMessage: (m: unknown) => {
          h.onSend(child, m)
          if (queue) queue.push(m)
          else if (child.connected) child.send(m as never)
        },
        on: (_e: 'message', l: (m: unknown) => void) =>
          child.on('message', (m) => !(m as { shimReady?: boolean }).shimReady && l(m)),
        once: (_e: 'exit', l: (code: number | null) => void) => child.once('exit', (code) => l(code)),
        kill: () => {
          rec.killed = true
          return child.kill()
        },
      }
    },
  },
}))

const { utilityParsePool } = await import('./parseHostPool')

const root = mkdtempSync(join(tmpdir(), 'parse-host-'))
const src = join(root, 'src')
const entry = resolve(import.meta.dirname, '../../datasets/parseHostEntry.ts')
afterAll(() => {
  for (const c of h.children) c.child.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

beforeAll(() => {
  h.shim = join(root, 'shim.mjs')
  // Electron's parentPort delivers {data} events; here the messages travel over node's IPC channel.
  writeFileSync(
    h.shim,
    `const ls = []
process.parentPort = { on: (_e, l) => ls.push(l), postMessage: (m) => process.send(m) }
process.on('message', (m) => ls.forEach((l) => l({ data: m })))
await import(process.argv[2])
process.send({ shimReady: true })
`,
  )
  mkdirSync(src)
  for (let i = 0; i < 12; i++)
    writeFileSync(join(src, `s${i}.mid`), smf(melody([60 + i, 64, 67, 72], 30 + i)))
  writeFileSync(join(src, 'broken.mid'), smf(melody([60], 10)).subarray(0, 25))
})

describe('imports parse in a utility process (parse host)', () => {
  it('gives the same dataset as parsing in this process, and the host process is gone afterwards', async () => {
    const inProcess = await new DatasetStore(join(root, 'lib-local')).create('A', [src], { workers: 2 })
    const store = new DatasetStore(join(root, 'lib-host'), { parsePool: utilityParsePool(entry) })
    const viaHost = await store.create('A', [src], { workers: 2 })
    expect(h.children).toHaveLength(1)
    expect(h.children[0].modulePath).toBe(entry)
    expect(h.children[0].child.pid).not.toBe(process.pid)
    expect(h.children[0].killed).toBe(true)
    const strip = (d: typeof viaHost) => ({
      files: d.files.map(({ key, name, noteCount, toneCount }) => ({ key, name, noteCount, toneCount })),
      failures: d.failures.map((f) => [f.file, f.reason]),
    })
    expect(strip(viaHost)).toEqual(strip(inProcess))
    expect(viaHost.failures).toEqual([expect.objectContaining({ reason: 'truncated' })])
    const a = await new DatasetStore(join(root, 'lib-local')).loadTones(inProcess.id)
    const b = await store.loadTones(viaHost.id)
    expect(b.tones).toEqual(a.tones)
  })

  it('a parser process that dies fails the import with a message naming the files in flight, and writes nothing', async () => {
    let parses = 0
    h.onSend = (child, m) => {
      if ((m as { type?: string }).type === 'parse' && ++parses === 4) child.kill('SIGKILL')
    }
    const lib = join(root, 'lib-killed')
    const store = new DatasetStore(lib, { parsePool: utilityParsePool(entry) })
    try {
      await expect(store.create('B', [src], { workers: 1 })).rejects.toThrow(
        /the MIDI parser process stopped \(exit code .*\) while parsing .*s\d+\.mid/,
      )
    } finally {
      h.onSend = () => undefined
    }
    expect(existsSync(lib) ? readdirSync(lib) : []).toEqual([])
  })

  it('cancelling an import kills the parser process', async () => {
    const ctl = new AbortController()
    h.onSend = (_c, m) => {
      if ((m as { type?: string }).type === 'parse') ctl.abort()
    }
    const store = new DatasetStore(join(root, 'lib-cancel'), { parsePool: utilityParsePool(entry) })
    try {
      await expect(store.create('C', [src], { signal: ctl.signal })).rejects.toMatchObject({
        code: 'cancelled',
      })
    } finally {
      h.onSend = () => undefined
    }
    expect(h.children.at(-1)!.killed).toBe(true)
  })
})
