import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { loadValidCheckpoint } from '../checkpoints/select'
import { makeConfig } from '../config/presets'
import { DatasetStore } from '../../datasets/DatasetStore'
import { syntheticSongs, writeFixtureMidi } from '../training/testData'
import type { HostEvent } from './protocol'
import { createTrainerHost } from './trainerHost'

// The real checkpoint reader, counted: a sample request reads its checkpoint once, memorisation check or not.
vi.mock('../checkpoints/select', async (importOriginal) => {
  const real = await importOriginal<typeof import('../checkpoints/select')>()
  return { ...real, loadValidCheckpoint: vi.fn(real.loadValidCheckpoint) }
})

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A host whose events are collected; `next(type)` waits for the next event of that type. */
function harness() {
  const events: HostEvent[] = []
  const waiters: { type: string; resolve: (e: HostEvent) => void }[] = []
  const host = createTrainerHost(
    (e) => {
      // Events must survive structured cloning (the IPC / worker boundary).
      const cloned = structuredClone(e)
      events.push(cloned)
      const i = waiters.findIndex((w) => w.type === e.type)
      if (i >= 0) waiters.splice(i, 1)[0].resolve(cloned)
    },
    { prefer: 'cpu' },
  )
  const next = <T extends HostEvent['type']>(type: T) =>
    new Promise<Extract<HostEvent, { type: T }>>((resolve) =>
      waiters.push({ type, resolve: resolve as (e: HostEvent) => void }),
    )
  return { host, events, next }
}

describe('trainer host', () => {
  it('reports the backend, trains from inline cells, answers a sample request and refuses a second start', async () => {
    const { host, events, next } = harness()
    expect(await host.ready).toBe('cpu')
    expect(events[0]).toEqual({ type: 'ready', backend: 'cpu', reason: 'first choice (prefer cpu)' })
    const runDir = mkdtempSync(join(tmpdir(), 'crnngan-host-'))
    dirs.push(runDir)
    const config = makeConfig('tiny', { model: { hidden: 8 }, schedule: { epochs: 2, pretrainEpochs: 1 } })
    const data = { kind: 'cells' as const, tonesPerCell: 1, songs: syntheticSongs(12, 30) }
    const finished = next('finished')
    await host.handle({ type: 'start', runId: 'run-a', config, runDir, data })
    const busy = next('failed')
    await host.handle({ type: 'start', runId: 'run-b', config, runDir, data })
    // The refusal names the run that was refused; every event of the running one names it.
    expect(await busy).toMatchObject({ code: 'BUSY', runId: 'run-b' })
    expect((await finished).epochs).toBe(2)
    const ofRun = events.filter((e) => 'runId' in e && e.runId !== 'run-b')
    expect(ofRun.length).toBeGreaterThan(0)
    expect(ofRun.every((e) => 'runId' in e && e.runId === 'run-a')).toBe(true)
    const ends = events.filter((e) => e.type === 'epochEnd')
    expect(ends).toHaveLength(2)
    expect(events.some((e) => e.type === 'progress' && e.backend === 'cpu')).toBe(true)

    const result = next('sampleResult')
    await host.handle({
      type: 'sample',
      requestId: 'q1',
      runDir,
      checkpoint: 'best',
      seed: 1,
      count: 2,
      length: 8,
      noiseScale: 1,
      dropout: true,
      rank: true,
      outputs: ['midi', 'cells'],
    })
    const r = await result
    expect(r.requestId).toBe('q1')
    expect(r.candidates).toHaveLength(2)
    // Only the outputs asked for are made and sent.
    expect(r.candidates[0].midi).toBeInstanceOf(Uint8Array)
    expect(r.candidates[0].cells?.shape).toEqual([8, 4])
    expect(r.candidates[0]).not.toHaveProperty('song')
  })

  it('trains from a library dataset (by name) and checks memorisation against it when sampling', async () => {
    const root = mkdtempSync(join(tmpdir(), 'crnngan-hostlib-'))
    dirs.push(root)
    const midi = join(root, 'midi')
    mkdirSync(midi)
    writeFixtureMidi(midi, 8)
    const library = join(root, 'library')
    const store = new DatasetStore(library)
    await store.create('fixtures', [midi], { workers: 1 })
    const encoded = await store.loadEncoded(await store.resolve('fixtures'), { tonesPerCell: 1 })
    const { host, next } = harness()
    await host.ready
    const runDir = join(root, 'run')
    const config = makeConfig('tiny', { model: { hidden: 8 }, schedule: { epochs: 1, pretrainEpochs: 1 } })
    const finished = next('finished')
    await host.handle({
      type: 'start',
      runId: 'lib',
      config,
      runDir,
      datasetId: 'fixtures',
      libraryDir: library,
    })
    expect((await finished).epochs).toBe(1)
    vi.mocked(loadValidCheckpoint).mockClear()
    const result = next('sampleResult')
    await host.handle({
      type: 'sample',
      requestId: 'm',
      runDir,
      checkpoint: 'latest',
      seed: 2,
      count: 2,
      length: 8,
      noiseScale: 1,
      dropout: true,
      memorisation: true,
      // A primer copied from a training piece must be found again: at least its 7 events → 6 intervals.
      primer: { cells: encoded.cells[3].slice(0, 7 * 4) },
      outputs: ['song'],
    })
    for (const c of (await result).candidates) {
      expect(c.memorisation!.longestRun).toBeGreaterThanOrEqual(6)
      expect(c.memorisation!.piece).not.toBeNull()
      expect(c.song?.tracks[0].notes.length).toBeGreaterThan(0)
      expect(c).not.toHaveProperty('midi')
    }
    expect(vi.mocked(loadValidCheckpoint)).toHaveBeenCalledTimes(1)
  })

  it('a stop request (what quitting the app sends) writes a loadable checkpoint, also while paused', async () => {
    const { host, events, next } = harness()
    await host.ready
    const runDir = mkdtempSync(join(tmpdir(), 'crnngan-host-stop-'))
    dirs.push(runDir)
    const config = makeConfig('tiny', { model: { hidden: 8 }, schedule: { epochs: 500 } })
    const data = { kind: 'cells' as const, tonesPerCell: 1, songs: syntheticSongs(12, 30) }
    for (const pauseFirst of [false, true]) {
      const progress = next('progress')
      await host.handle({ type: 'start', runId: 'stop', config, runDir, data })
      await progress
      if (pauseFirst) {
        const paused = next('paused')
        await host.handle({ type: 'pause' })
        await paused
      }
      const stopped = next('stopped')
      await host.handle({ type: 'stop' })
      const s = await stopped
      const saved = events.filter((e) => e.type === 'checkpoint').at(-1)
      expect(saved).toMatchObject({ reason: 'stop', path: s.checkpointPath })
      await host.idle()
      // The checkpoint verifies (checksums, shapes, finite values) and is what a resume or sample would use.
      const { data: ck, path } = await loadValidCheckpoint(runDir, 'latest')
      expect(path).toBe(s.checkpointPath)
      expect(ck.state.globalStep).toBeGreaterThan(0)
      // The event says at which batch it was saved: the step the checkpoint holds (and its folder is named for).
      expect(saved).toMatchObject({ epoch: ck.state.epoch, step: ck.state.step })
      expect(path).toMatch(new RegExp(`-s${String(ck.state.step).padStart(5, '0')}(-r\\d+)?$`))
    }
    expect(readdirSync(join(runDir, 'checkpoints')).filter((n) => n.startsWith('.'))).toEqual([])
  }, 60_000)

  it('a second host on a busy run folder is refused with BUSY and writes nothing there', async () => {
    const a = harness()
    const b = harness()
    await Promise.all([a.host.ready, b.host.ready])
    const runDir = mkdtempSync(join(tmpdir(), 'crnngan-host-busy-'))
    dirs.push(runDir)
    const config = makeConfig('tiny', { model: { hidden: 8 }, schedule: { epochs: 500 } })
    const data = { kind: 'cells' as const, tonesPerCell: 1, songs: syntheticSongs(12, 30) }
    const progress = a.next('progress')
    await a.host.handle({ type: 'start', runId: 'a', config, runDir, data })
    await progress
    const source = readFileSync(join(runDir, 'source.json'), 'utf8')
    const refused = b.next('failed')
    await b.host.handle({
      type: 'start',
      runId: 'b',
      config,
      runDir,
      data: { kind: 'folder', dir: tmpdir() },
    })
    expect(await refused).toMatchObject({
      code: 'BUSY',
      message: expect.stringMatching(/is in use by process/),
    })
    expect(readFileSync(join(runDir, 'source.json'), 'utf8')).toBe(source)
    const stopped = a.next('stopped')
    await a.host.handle({ type: 'stop' })
    await stopped
    await a.host.idle()
  }, 60_000)

  it('answers bad requests with specific failures', async () => {
    const { host, next } = harness()
    await host.ready
    let f = next('failed')
    await host.handle({ type: 'bogus' })
    expect(await f).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/unknown request "bogus"/),
    })
    f = next('failed')
    await host.handle({ type: 'pause' })
    expect((await f).code).toBe('NOT_RUNNING')
    f = next('failed')
    await host.handle({ type: 'start', config: makeConfig('tiny'), runDir: '/tmp/x', datasetId: 'a' })
    expect(await f).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/needs a runId/) })
    f = next('failed')
    await host.handle({
      type: 'start',
      runId: 'bad',
      config: { type: 'crnngan-train', version: 1 },
      runDir: '/tmp/x',
      datasetId: 'a',
    })
    expect(await f).toMatchObject({
      code: 'BAD_CONFIG',
      runId: 'bad',
      message: expect.stringMatching(/start\.config: invalid/),
    })
    f = next('failed')
    await host.handle({
      type: 'sample',
      requestId: 'q',
      runDir: '/nonexistent-run',
      checkpoint: 'latest',
      seed: 1,
      count: 1,
      length: 4,
      outputs: ['song'],
    })
    expect(await f).toMatchObject({ code: 'NO_CHECKPOINT', requestId: 'q' })
  })
})
