// Cross-process: the real trainer host in a worker thread (the bridge's stand-in for Electron's utilityProcess)
// trains a tiny run on a real dataset; killing the host mid-run must end the run with `train:failed`
// 'trainer-crashed' (resumable), and `train:resume` must finish it from the last checkpoint in a fresh host.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventName, EventPayload } from '../../src-main/common/ipc/contract'
import { writeSong } from '../../src-main/common/midi/writeSong'
import { createTrainingService, type HostTransport } from '../../src-main/app/services/trainingService'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import { workerHost } from '../bridge/workerHost'
import { melody } from './support/midiFixtures'

describe('trainer host crash and resume', () => {
  let dir: string
  let datasetId: string
  const events: { event: EventName; payload: unknown }[] = []
  const hosts: HostTransport[] = []
  let service: ReturnType<typeof createTrainingService>

  const waitFor = async <E extends EventName>(
    event: E,
    pred: (p: EventPayload<E>) => boolean = () => true,
    timeoutMs = 120_000,
  ): Promise<EventPayload<E>> => {
    const t0 = Date.now()
    for (;;) {
      const hit = events.find((e) => e.event === event && pred(e.payload as EventPayload<E>))
      if (hit) return hit.payload as EventPayload<E>
      if (Date.now() - t0 > timeoutMs)
        throw new Error(
          `no '${event}' within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`,
        )
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trainer-crash-'))
    const paths = Array.from({ length: 6 }, (_, i) => {
      const p = join(dir, `m${i}.mid`)
      writeFileSync(p, writeSong(melody(i)))
      return p
    })
    const store = new DatasetStore(join(dir, 'library'))
    datasetId = (await store.create('Melodies', paths)).id
    service = createTrainingService({
      spawn: () => {
        const h = workerHost('cpu')
        hosts.push(h)
        return h
      },
      broadcast: (event, payload) => events.push({ event, payload }),
      libraryDir: join(dir, 'library'),
      runsDir: join(dir, 'runs'),
    })
  })
  afterAll(() => {
    service?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reports trainer-crashed when the host dies, then resumes to the end in a new host', async () => {
    const { runId } = await service.start({ datasetId, preset: 'tiny', epochs: 4, seed: 7 })
    await waitFor('engine:ready')
    // Kill only after a checkpoint exists, so the run is resumable.
    const checkpoint = await waitFor('train:checkpoint', (c) => c.runId === runId)
    hosts[0].kill()
    const failed = await waitFor('train:failed', (f) => f.runId === runId)
    expect(failed).toMatchObject({ code: 'trainer-crashed', canResume: true })
    expect((await service.list()).find((r) => r.runId === runId)?.state).toBe('failed')

    const before = events.length
    await service.resume(runId)
    const done = await waitFor('train:finished', (f) => f.runId === runId)
    // Resumed, not restarted: the new host's first progress is at or after the checkpointed epoch.
    const firstAfter = events.slice(before).find((e) => e.event === 'train:progress')?.payload as
      EventPayload<'train:progress'> | undefined
    expect(firstAfter?.epoch).toBeGreaterThanOrEqual(checkpoint.epoch)
    expect(done.stopped).toBe(false)
    expect(hosts).toHaveLength(2)
    const run = (await service.list()).find((r) => r.runId === runId)
    expect(run?.state).toBe('finished')
    expect(run?.epochsDone).toBe(4)
  })
})
