// Runs utilityEntry.ts in a real child process with a stand-in for Electron's `process.parentPort` (Electron itself
// cannot start here): the entry must answer over the port, train, and exit on `shutdown`.
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import { syntheticSongs } from '../training/testData'
import type { HostEvent } from './protocol'

const root = mkdtempSync(join(tmpdir(), 'crnngan-utility-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

it('utilityEntry serves the protocol over process.parentPort and exits on shutdown', async () => {
  const entry = resolve(import.meta.dirname, 'utilityEntry.ts')
  const shim = join(root, 'shim.mjs')
  // parentPort delivers {data} events, like Electron's MessageEvent; messages travel over node's IPC channel.
  writeFileSync(
    shim,
    `const ls = []
process.parentPort = { on: (_e, l) => ls.push(l), postMessage: (m) => process.send(m) }
process.on('message', (m) => ls.forEach((l) => l({ data: m })))
await import(${JSON.stringify(entry)})
`,
  )
  const child = fork(shim, {
    cwd: resolve(import.meta.dirname, '../../..'),
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    env: { ...process.env, CRNNGAN_BACKEND: 'cpu' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  const events: HostEvent[] = []
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  const runDir = join(root, 'run')
  child.on('message', (e: HostEvent) => {
    events.push(e)
    if (e.type === 'ready') {
      const config = makeConfig('tiny', { model: { hidden: 8 }, schedule: { epochs: 1, samplesPerEpoch: 2 } })
      child.send({
        type: 'start',
        runId: 'run-utility',
        config,
        runDir,
        data: { kind: 'cells', tonesPerCell: 1, songs: syntheticSongs(8, 20) },
      })
    }
    if (e.type === 'finished' || e.type === 'failed') child.send({ type: 'shutdown' })
  })
  expect(await exit).toBe(0)
  expect(events[0]).toEqual({ type: 'ready', backend: 'cpu', reason: 'first choice (prefer cpu)' })
  const end = events.find((e) => e.type === 'epochEnd')
  expect(end && end.type === 'epochEnd' && end.sampleMidi).toBeInstanceOf(Uint8Array)
  expect(events.at(-1)?.type).toBe('finished')
}, 60_000)
