// TrainingService ↔ host protocol with a scripted host: the start request names the run (main owns its id) and the
// host's events carry it back, progress / checkpoint / epoch / pause events become the extended IPC events, and
// sampling forwards every option.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventName } from '@common/ipc/contract'
import { saveCheckpoint, type TrainState } from '../../ml/checkpoints/store'
import { makeConfig } from '../../ml/config/presets'
import type { HostErrorCode } from '@common/ipc/engineErrors'
import type { HostEvent, HostRequest, SampleRequest, StartRequest } from '../../ml/host/protocol'
import { withStarterDir, writeTinyStarter } from './testing/starterFixture'
import { createTrainingService, type HostTransport } from './trainingService'

function scriptedHost() {
  const sent: HostRequest[] = []
  let listener: (ev: HostEvent) => void = () => undefined
  const transport: HostTransport = {
    send: (msg) => void sent.push(msg),
    onMessage: (l) => void (listener = l),
    onExit: () => undefined,
    kill: () => undefined,
  }
  /** The id the latest start request named its run with: the host echoes it in that run's events. */
  const runId = (): string => {
    const start = sent.filter((m): m is StartRequest => m.type === 'start').at(-1)
    if (!start) throw new Error('no start request was sent')
    return start.runId
  }
  return { transport, sent, runId, emit: (ev: HostEvent) => listener(ev) }
}

const progress = (runId: string, extra: Partial<HostEvent & { type: 'progress' }> = {}): HostEvent => ({
  type: 'progress',
  runId,
  epoch: 1,
  step: 2,
  stepsPerEpoch: 3,
  phase: 'adversarial',
  dLoss: 1.25,
  gLoss: 0.75,
  gLossFeatureMatching: 4.5,
  freezeD: true,
  freezeG: false,
  stepsPerSecond: 6,
  etaSeconds: 12,
  backend: 'cpu',
  songLength: 8,
  ...extra,
})

/** Writes a real checkpoint folder + index entry, as the engine host does before it reports one. */
async function writeCheckpoint(
  runDir: string,
  epoch: number,
  step = 0,
  keepLast = 5,
  reason: 'periodic' | 'stop' = 'periodic',
): Promise<string> {
  const state: TrainState = {
    epoch,
    step,
    globalStep: epoch * 3 + step,
    seed: 3,
    songLength: 8,
    prevD: NaN,
    prevG: NaN,
    lrG: 0.1,
    lrD: 0.05,
    validationLoss: 2,
    bestValidationLoss: 2,
    history: [],
  }
  const config = makeConfig('tiny', { seed: 3 })
  return (await saveCheckpoint(runDir, { config, state, weights: [], optimizer: [] }, reason, keepLast)).path
}

describe('training service events', () => {
  let dir: string
  let host: ReturnType<typeof scriptedHost>
  let events: { event: EventName; payload: unknown }[]
  let svc: ReturnType<typeof createTrainingService>

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'svc-'))
    host = scriptedHost()
    events = []
    svc = createTrainingService({
      spawn: () => host.transport,
      broadcast: (event, payload) => void events.push({ event, payload }),
      libraryDir: join(dir, 'library'),
      runsDir: join(dir, 'runs'),
    })
  })
  afterEach(() => {
    svc.dispose()
    rmSync(dir, { recursive: true, force: true })
  })
  const of = (e: EventName) => events.filter((x) => x.event === e).map((x) => x.payload)

  it('names the run in the start request and forwards the full progress of that run', async () => {
    const { runId } = await svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 2, seed: 3 })
    expect(host.sent[0]).toMatchObject({ type: 'start', runId, datasetId: 'ds' })
    host.emit(progress(runId))
    expect(of('train:progress')).toEqual([
      {
        runId,
        epoch: 1,
        epochs: 2,
        step: 2,
        stepsPerEpoch: 3,
        dLoss: 1.25,
        gLoss: 0.75,
        etaSeconds: 12,
        phase: 'adversarial',
        gLossFeatureMatching: 4.5,
        mseLoss: NaN,
        freezeD: true,
        freezeG: false,
        stepsPerSecond: 6,
        backend: 'cpu',
        songLength: 8,
      },
    ])
    const ckPath = await writeCheckpoint(join(dir, 'runs', runId), 1, 2)
    host.emit({
      type: 'checkpoint',
      runId,
      epoch: 1,
      step: 2,
      globalStep: 5,
      path: ckPath,
      reason: 'pause',
      isBest: true,
      validationLoss: 2,
    })
    expect(of('train:checkpoint')).toEqual([
      { runId, epoch: 1, step: 2, reason: 'pause', isBest: true, validationLoss: 2 },
    ])
    // Saved again at the same point (pause, then stop): a new folder with a -r2 suffix, still step 2.
    const again = await writeCheckpoint(join(dir, 'runs', runId), 1, 2, 5, 'stop')
    expect(again).toBe(`${ckPath}-r2`)
    host.emit({
      type: 'checkpoint',
      runId,
      epoch: 1,
      step: 2,
      globalStep: 5,
      path: again,
      reason: 'stop',
      isBest: true,
      validationLoss: 2,
    })
    expect(of('train:checkpoint').at(-1)).toMatchObject({ epoch: 1, step: 2, reason: 'stop' })
    const [summary] = (await svc.list()).filter((r) => r.runId === runId)
    expect(summary).toMatchObject({
      preset: 'tiny',
      seed: 3,
      epochsDone: 1,
      checkpoints: [{ epoch: 1, step: 2, reason: 'stop' }],
    })
  })

  it('pauses, continues and reports both', async () => {
    const { runId } = await svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 2, seed: 3 })
    await expect(svc.continueRun(runId)).resolves.toEqual({ continued: false })
    await expect(svc.pause(runId)).resolves.toEqual({ paused: true })
    expect(host.sent.at(-1)).toEqual({ type: 'pause' })
    host.emit({ type: 'paused', runId, epoch: 0, step: 1 })
    await expect(svc.pause(runId)).resolves.toEqual({ paused: false })
    await expect(svc.continueRun(runId)).resolves.toEqual({ continued: true })
    expect(host.sent.at(-1)).toEqual({ type: 'resume' })
    expect(of('train:paused')).toEqual([
      { runId, paused: true },
      { runId, paused: false },
    ])
    await expect(svc.pause('run-other')).resolves.toEqual({ paused: false })
  })

  it('sends end-of-epoch metrics (no band without the dataset) and the finish', async () => {
    const { runId } = await svc.start({ datasetId: 'missing', preset: 'tiny', epochs: 1, seed: 3 })
    const metrics = {
      toneSpan: 3,
      uniqueTones: 2,
      intensitySpan: 1,
      scaleConsistency: 1,
      polyphony: 0,
      repetitions3: 0,
    }
    const midi = new Uint8Array([1, 2, 3])
    const evaluation = {
      version: 1,
      score: 0.4,
      components: [{ key: 'keptNotes', label: 'notes kept per event', value: 0.4 }],
      keptNotesPerEvent: 0.4,
      realNotesPerEvent: 1,
      velocity: { p10: 10, p50: 20, p90: 30 },
      realVelocity: { p10: 80, p50: 80, p90: 80 },
      discriminative: 0.5,
      samples: 4,
      realWindows: 8,
    }
    host.emit({
      type: 'epochEnd',
      runId,
      epoch: 0,
      phase: 'pretrain',
      songLength: 4,
      validationLoss: 9,
      metrics,
      reference: metrics,
      sampleMidi: midi,
      evaluation,
    })
    await expect.poll(() => of('train:epoch').length).toBe(1)
    expect(of('train:epoch')[0]).toEqual({
      runId,
      epoch: 0,
      phase: 'pretrain',
      songLength: 4,
      validationLoss: 9,
      metrics,
      reference: metrics,
      referenceBand: null,
      sampleMidi: midi,
      evaluation,
    })
    host.emit({ type: 'finished', runId, epochs: 1, checkpointPath: '/x' })
    expect(of('train:finished')).toEqual([{ runId, stopped: false, checkpoint: '/x' }])
  })

  it("sends train:finished only after the run's last train:epoch (the screen judges the run by it)", async () => {
    const { runId } = await svc.start({ datasetId: 'missing', preset: 'tiny', epochs: 2, seed: 3 })
    const m = {
      toneSpan: 1,
      uniqueTones: 1,
      intensitySpan: 0,
      scaleConsistency: 1,
      polyphony: 0,
      repetitions3: 0,
    }
    const end = (epoch: number): HostEvent => ({
      type: 'epochEnd',
      runId,
      epoch,
      phase: 'adversarial',
      songLength: 4,
      validationLoss: 1,
      metrics: m,
      reference: m,
      sampleMidi: new Uint8Array(),
      evaluation: null,
    })
    host.emit(end(0))
    host.emit(end(1))
    host.emit({ type: 'finished', runId, epochs: 2, checkpointPath: '/y' })
    await expect.poll(() => of('train:finished').length).toBe(1)
    const order = events
      .filter((e) => e.event === 'train:epoch' || e.event === 'train:finished')
      .map((e) => `${e.event}${e.event === 'train:epoch' ? (e.payload as { epoch: number }).epoch : ''}`)
    expect(order).toEqual(['train:epoch0', 'train:epoch1', 'train:finished'])
    expect(of('train:finished')[0]).toEqual({ runId, stopped: false, checkpoint: '/y' })
  })

  it('reports a start the host refused, under the id the start request named', async () => {
    const { runId } = await svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 1, seed: 3 })
    host.emit({ type: 'failed', runId, code: 'BAD_CONFIG', message: 'bad hidden' })
    expect(of('train:failed')).toEqual([
      { runId, code: 'BAD_CONFIG', message: 'bad hidden', canResume: false },
    ])
    await expect(svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 1, seed: 3 })).resolves.toHaveProperty(
      'runId',
    )
  })

  it('gives two runs launched back to back their own ids: a late event of the first never lands on the second', async () => {
    const first = await svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 1, seed: 3 })
    expect(host.runId()).toBe(first.runId)
    host.emit({ type: 'failed', runId: first.runId, code: 'NO_DATA', message: 'no songs' })
    const second = await svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 1, seed: 4 })
    expect(host.runId()).toBe(second.runId)
    expect(second.runId).not.toBe(first.runId)
    // Before the second run has said anything, the first one's folder reports a repair, then the second progresses.
    host.emit({ type: 'warning', runId: first.runId, message: 'removed a temp folder' })
    host.emit(progress(second.runId))
    expect(of('train:notice')).toEqual([{ runId: first.runId, message: 'removed a temp folder' }])
    expect(of('train:progress')).toMatchObject([{ runId: second.runId }])
    expect(of('train:failed')).toEqual([
      { runId: first.runId, code: 'NO_DATA', message: 'no songs', canResume: false },
    ])
    const listed = await svc.list()
    expect(listed.find((r) => r.runId === first.runId)).toMatchObject({ state: 'failed' })
    expect(listed.find((r) => r.runId === second.runId)).toMatchObject({ state: 'running' })
  })

  it('lists only the checkpoints on disk, though the host reported every one it saved', async () => {
    const { runId } = await svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 9, seed: 3 })
    host.emit(progress(runId))
    for (let e = 1; e <= 6; e++) {
      const path = await writeCheckpoint(join(dir, 'runs', runId), e, 0, 2)
      host.emit({
        type: 'checkpoint',
        runId,
        epoch: e,
        step: 0,
        globalStep: e * 3,
        path,
        reason: 'periodic',
        isBest: false,
        validationLoss: 2,
      })
    }
    expect(of('train:checkpoint')).toHaveLength(6)
    const [summary] = (await svc.list()).filter((r) => r.runId === runId)
    // keepLast 2 plus the best (the first: equal losses never beat it).
    expect(summary.checkpoints.map((c) => c.epoch)).toEqual([1, 5, 6])
    // A checkpoint that is gone is refused with a plain sentence before the engine is asked.
    await expect(svc.sample({ runId, count: 1, seed: 1, checkpoint: 3 })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(
        /^the checkpoint saved after epoch 3 of run run-.* is no longer on disk/,
      ),
    })
    expect(host.sent.some((m) => m.type === 'sample')).toBe(false)
  })

  it('forwards every sampling option and returns index and memorisation', async () => {
    const { runId } = await svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 1, seed: 3 })
    await writeCheckpoint(join(dir, 'runs', runId), 3)
    const pending = svc.sample({
      runId,
      count: 2,
      seed: 7,
      length: 12,
      checkpoint: 3,
      noiseScale: 0.5,
      prefixLockSteps: 4,
      tailSeed: 99,
      rank: true,
      memorisation: true,
      primer: {
        ppq: 96,
        bpm: 100,
        notes: [
          { pitch: 62, startTick: 96, durationTicks: 48, velocity: 80 },
          { pitch: 60, startTick: 0, durationTicks: 96, velocity: 90 },
        ],
      },
    })
    await expect.poll(() => host.sent.some((m) => m.type === 'sample')).toBe(true)
    const req = host.sent.find((m): m is SampleRequest => m.type === 'sample')!
    expect(req).toMatchObject({
      checkpoint: 3,
      seed: 7,
      count: 2,
      length: 12,
      noiseScale: 0.5,
      prefixLockSteps: 4,
      tailSeed: 99,
      rank: true,
      memorisation: true,
      outputs: ['song'],
    })
    if (!req.primer || !('song' in req.primer)) throw new Error('expected the primer as a song')
    const primer = req.primer
    expect(primer.song.ppq).toBe(96)
    expect(primer.song.tempos).toEqual([{ tick: 0, bpm: 100 }])
    expect(primer.song.tracks[0].notes.map((n) => n.pitch)).toEqual([60, 62])
    const song = { name: 's', ppq: 96, tempos: [{ tick: 0, bpm: 120 }], timeSignatures: [], tracks: [] }
    host.emit({
      type: 'sampleResult',
      requestId: req.requestId,
      checkpointEpoch: 3,
      candidates: [
        {
          song,
          seed: 7,
          index: 1,
          score: 0.8,
          memorisation: { longestRun: 5, piece: 'bwv1' },
        },
      ],
    } as HostEvent)
    const r = await pending
    expect(r).toMatchObject({
      runId,
      checkpointEpoch: 3,
      phrases: [{ seed: 7, index: 1, score: 0.8, memorisation: { longestRun: 5, piece: 'bwv1' } }],
    })
  })

  it('turns a refused sample into the IPC failure by the engine code, and a vanished checkpoint into a sentence', async () => {
    const { runId } = await svc.start({ datasetId: 'ds', preset: 'tiny', epochs: 1, seed: 3 })
    const ck = await writeCheckpoint(join(dir, 'runs', runId), 3)
    const refused = async (code: HostErrorCode, message: string, meanwhile = () => {}): Promise<unknown> => {
      const asked = host.sent.filter((m) => m.type === 'sample').length
      const answer = svc.sample({ runId, count: 1, seed: 1, checkpoint: 3 }).then(
        () => new Error('the sample request was not refused'),
        (err: unknown) => err,
      )
      await expect.poll(() => host.sent.filter((m) => m.type === 'sample').length).toBe(asked + 1)
      const req = host.sent.filter((m): m is SampleRequest => m.type === 'sample').at(-1)!
      meanwhile()
      host.emit({ type: 'failed', requestId: req.requestId, code, message })
      return answer
    }
    // Still on disk, so damaged: the engine's own sentence.
    await expect(
      refused('NO_CHECKPOINT', 'e0003-s00000: weights.bin: sha256 does not match'),
    ).resolves.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/sha256 does not match/),
    })
    await expect(refused('BAD_REQUEST', 'length 99999 is more than the kernels take')).resolves.toMatchObject(
      {
        code: 'invalid-request',
      },
    )
    await expect(refused('NO_DATA', 'the run has no recorded data source')).resolves.toMatchObject({
      code: 'not-found',
    })
    await expect(refused('BUSY', 'the run folder is in use')).resolves.toMatchObject({ code: 'busy' })
    await expect(refused('INTERNAL', 'boom')).resolves.toMatchObject({ code: 'internal' })
    // Removed between main's check and the engine's read: the plain sentence, whatever the engine's words.
    await expect(
      refused('NO_CHECKPOINT', 'e0003-s00000: meta.json: the file is missing', () =>
        rmSync(ck, { recursive: true, force: true }),
      ),
    ).resolves.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(
        /^the checkpoint saved after epoch 3 of run run-.* is no longer on disk/,
      ),
    })
  })

  it('answers not-found for a run it has never seen', async () => {
    await expect(svc.sample({ runId: 'run-nope', count: 1, seed: 1 })).rejects.toMatchObject({
      code: 'not-found',
    })
    await expect(svc.resume('run-nope')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('offers the shipped starter model: listed first, read-only, sampled without a memorisation check', async () => {
    const starterDir = join(dir, 'starter-src')
    await writeTinyStarter(starterDir, 3, 9)
    await withStarterDir(starterDir, async () => {
      const [first] = await svc.list()
      expect(first).toMatchObject({ runId: 'starter', state: 'finished', epochsDone: 3 })
      await expect(svc.resume('starter')).rejects.toMatchObject({ code: 'invalid-request' })
      void svc.sample({ runId: 'starter', count: 1, seed: 2, memorisation: true }).catch(() => undefined)
      await expect.poll(() => host.sent.some((m) => m.type === 'sample')).toBe(true)
      const req = host.sent.find((m): m is SampleRequest => m.type === 'sample')!
      // The length is left to the engine, whose one default is the model's training length (sample.test.ts).
      expect(req).toMatchObject({ memorisation: false, outputs: ['song'] })
      expect(req.length).toBeUndefined()
      expect(req.runDir).toContain(join(dir, 'starter-cache'))
    })
  })
})
