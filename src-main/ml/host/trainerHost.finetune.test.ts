// Fine-tuning through the host: a run started from another run's checkpoint begins with exactly its G and D, and a
// source of another model shape is refused with a message naming both shapes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readIndex } from '../checkpoints/store'
import { resolveCheckpoint } from '../checkpoints/select'
import { loadCheckpoint } from '../checkpoints/verify'
import { fineTuneConfig, makeConfig } from '../config/presets'
import { syntheticSongs } from '../training/testData'
import type { HostEvent } from './protocol'
import { createTrainerHost } from './trainerHost'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'crnngan-ft-'))
  dirs.push(d)
  return d
}

function harness() {
  const waiters: { type: string; resolve: (e: HostEvent) => void }[] = []
  const host = createTrainerHost(
    (e) => {
      const i = waiters.findIndex((w) => w.type === e.type)
      if (i >= 0) waiters.splice(i, 1)[0].resolve(structuredClone(e))
    },
    { prefer: 'cpu' },
  )
  const next = <T extends HostEvent['type']>(type: T) =>
    new Promise<Extract<HostEvent, { type: T }>>((resolve) =>
      waiters.push({ type, resolve: resolve as (e: HostEvent) => void }),
    )
  return { host, next }
}

describe('fine-tuning (startFrom)', () => {
  it('starts from the source checkpoint (G and D), then trains on the new data', async () => {
    const { host, next } = harness()
    await host.ready
    const data = { kind: 'cells' as const, tonesPerCell: 1, songs: syntheticSongs(12, 30) }
    const source = tmp()
    const base = makeConfig('tiny', { model: { hidden: 8 }, schedule: { epochs: 2, pretrainEpochs: 1 } })
    let done = next('finished')
    await host.handle({ type: 'start', runId: 'source', config: base, runDir: source, data })
    await done
    await host.idle()
    const src = await loadCheckpoint(await resolveCheckpoint(source, 'latest'))

    const tuned = tmp()
    const config = fineTuneConfig(base, { startFrom: { run: 'source', checkpointEpoch: 2 }, epochs: 1 })
    expect(config.schedule.pretrainEpochs).toBe(0)
    expect(config.optim.lrG).toBeCloseTo(base.optim.lrG / 2)
    const other = { kind: 'cells' as const, tonesPerCell: 1, songs: syntheticSongs(12, 30, 99) }
    done = next('finished')
    await host.handle({
      type: 'start',
      runId: 'tuned',
      config,
      runDir: tuned,
      data: other,
      startFrom: { runDir: source, checkpoint: 'latest' },
    })
    await done
    await host.idle()
    const index = await readIndex(tuned)
    const first = await loadCheckpoint(join(tuned, 'checkpoints', index.checkpoints[0].name))
    expect(first.state.epoch).toBe(0)
    // The initial checkpoint holds the source's weights exactly, D included.
    for (const w of src.weights) {
      const got = first.weights.find((x) => x.name === w.name)!
      expect(Array.from(got.data), w.name).toEqual(Array.from(w.data))
    }
    const last = await loadCheckpoint(await resolveCheckpoint(tuned, 'latest'))
    expect(last.config.startFrom).toEqual({ run: 'source', checkpointEpoch: 2 })
    const moved = last.weights.some((w, i) => w.data.some((v, j) => v !== src.weights[i].data[j]))
    expect(moved).toBe(true)
  })

  it('refuses a source whose model differs, naming both', async () => {
    const { host, next } = harness()
    await host.ready
    const data = { kind: 'cells' as const, tonesPerCell: 1, songs: syntheticSongs(12, 30) }
    const source = tmp()
    const done = next('finished')
    await host.handle({
      type: 'start',
      runId: 'source',
      config: makeConfig('tiny', { model: { hidden: 8 }, schedule: { epochs: 1, pretrainEpochs: 1 } }),
      runDir: source,
      data,
    })
    await done
    await host.idle()
    const config = makeConfig('tiny', { model: { hidden: 12 }, schedule: { epochs: 1 } })
    const failed = next('failed')
    const target = tmp()
    const startFrom = { runDir: source, checkpoint: 'latest' as const }
    await host.handle({ type: 'start', runId: 'target', config, runDir: target, data, startFrom })
    const f = await failed
    expect(f.code).toBe('BAD_CONFIG')
    expect(f.message).toMatch(/"hidden":8.*"hidden":12/)
    // The refused start released its folder: a fitting fine-tune into the same folder runs.
    const fitting = fineTuneConfig(makeConfig('tiny', { model: { hidden: 8 } }), {
      startFrom: { run: 'source', checkpointEpoch: 1 },
      epochs: 1,
    })
    const finished = next('finished')
    const refused = next('failed')
    await host.handle({ type: 'start', runId: 'target', config: fitting, runDir: target, data, startFrom })
    const end = await Promise.race([finished, refused])
    expect(end.type, 'message' in end ? end.message : '').toBe('finished')
    await host.idle()
    void done
  })
})
