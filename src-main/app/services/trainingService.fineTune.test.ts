// Fine-tuning through the training service (scripted host): `train:start` with `startFrom` resolves a shipped model's
// name or a run id to its folder in main, builds the fine-tune config (the source's preset and model shape, 'cover'
// windows, no pretraining, half the learning rates, the form's overrides) and hands the host the source; unknown
// sources and checkpoints get plain errors. Also `train:fineTunePreset` and `model:card`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { saveCheckpoint, type TrainState } from '../../ml/checkpoints/store'
import { makeConfig } from '../../ml/config/presets'
import type { TrainConfig } from '../../ml/config/trainConfig'
import type { HostEvent, HostRequest, StartRequest } from '../../ml/host/protocol'
import { pointShippedModels, TINY_CARD, writeTinyStarter } from './testing/starterFixture'
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
  return { transport, sent, emit: (ev: HostEvent) => listener(ev) }
}

/** A run folder with real checkpoints after each of `epochs` (the config is `config`'s). */
async function writeRun(runDir: string, config: TrainConfig, epochs: readonly number[]): Promise<void> {
  for (const epoch of epochs) {
    const state: TrainState = {
      epoch,
      step: 0,
      globalStep: epoch * 3,
      seed: config.seed,
      songLength: 8,
      prevD: NaN,
      prevG: NaN,
      lrG: config.optim.lrG,
      lrD: config.optim.lrD,
      validationLoss: 10 - epoch,
      bestValidationLoss: 10 - epoch,
      history: [],
    }
    await saveCheckpoint(runDir, { config, state, weights: [], optimizer: [] }, 'periodic', 5)
  }
}

describe('training service: fine-tuning and model cards', () => {
  let dir: string
  let host: ReturnType<typeof scriptedHost>
  let svc: ReturnType<typeof createTrainingService>
  let restore: () => void
  const paperSource = makeConfig('tiny', { seed: 4 })

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'svc-ft-'))
    await writeTinyStarter(join(dir, 'paper-src'), 3, 9)
    // Only the fixture: the paper model as shipped here, no default model.
    restore = pointShippedModels({ starter: null, 'starter-paper': join(dir, 'paper-src') })
    host = scriptedHost()
    svc = createTrainingService({
      spawn: () => host.transport,
      broadcast: () => undefined,
      libraryDir: join(dir, 'library'),
      runsDir: join(dir, 'runs'),
    })
  })
  afterEach(() => {
    svc.dispose()
    restore()
    rmSync(dir, { recursive: true, force: true })
  })
  const starts = () => host.sent.filter((m): m is StartRequest => m.type === 'start')

  it('starts from a shipped model by name: its folder, its model, the fine-tune settings', async () => {
    const { runId } = await svc.start({
      datasetId: 'mine',
      epochs: 2,
      seed: 77,
      startFrom: { run: 'starter-paper' },
      options: { 'data.batchSize': 2, 'data.maxLength': 12, 'optim.lrG': 0.03 },
    })
    const [req] = starts()
    expect(req.startFrom).toEqual({
      runDir: expect.stringContaining(join(dir, 'starter-cache')),
      checkpoint: 'latest',
    })
    expect(req.runDir).toBe(join(dir, 'runs', runId))
    expect(req.config).toMatchObject({
      preset: 'tiny+finetune',
      datasetId: 'mine',
      seed: 77,
      model: paperSource.model,
      data: { batchSize: 2, maxLength: 12, windows: 'cover', shortSongs: 'skip', validationFraction: 0.1 },
      schedule: { epochs: 2, pretrainEpochs: 0, curriculum: 'none' },
      optim: { lrG: 0.03, lrD: paperSource.optim.lrD / 2 },
      startFrom: { run: 'starter-paper', checkpointEpoch: 3 },
    })
    const listed = (await svc.list()).find((r) => r.runId === runId)
    expect(listed).toMatchObject({
      preset: 'tiny+finetune',
      startFrom: { run: 'starter-paper', checkpointEpoch: 3 },
    })
  })

  it('starts from a run id and a chosen checkpoint; a resume does not load the source again', async () => {
    const source = makeConfig('tiny', { seed: 5, model: { hidden: 8 } })
    await writeRun(join(dir, 'runs', 'run-mine'), source, [1, 2, 3])
    const { runId } = await svc.start({
      datasetId: 'other',
      epochs: 4,
      seed: 1,
      startFrom: { run: 'run-mine', checkpoint: 2 },
    })
    const [req] = starts()
    expect(req.startFrom).toEqual({ runDir: join(dir, 'runs', 'run-mine'), checkpoint: 2 })
    expect(req.config.model).toEqual(source.model)
    expect(req.config.startFrom).toEqual({ run: 'run-mine', checkpointEpoch: 2 })
    host.emit({ type: 'failed', runId, code: 'INTERNAL', message: 'boom' })
    await svc.resume(runId)
    expect(starts()[1].startFrom).toBeUndefined()
    expect(starts()[1].config).toEqual(req.config)
  })

  it('refuses an unknown source, a checkpoint not on disk and a model-shape override, in plain words', async () => {
    const base = { datasetId: 'd', epochs: 2, seed: 1 }
    await expect(svc.start({ ...base, startFrom: { run: 'run-nope' } })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(
        /^cannot fine-tune 'run-nope': there is no training run or shipped model of that name \(the shipped ones are named starter, starter-paper/,
      ),
    })
    // The default model is not in this build: its name is unknown here, too.
    await expect(svc.start({ ...base, startFrom: { run: 'starter' } })).rejects.toMatchObject({
      code: 'not-found',
    })
    await expect(
      svc.start({ ...base, startFrom: { run: 'starter-paper', checkpoint: 9 } }),
    ).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(
        /^the checkpoint saved after epoch 9 of the Paper model \(faithful to Mogren 2016\) is no longer on disk/,
      ),
    })
    // (The IPC schema refuses model.* options first; the service holds the line on its own as well.)
    await expect(
      svc.start({ ...base, startFrom: { run: 'starter-paper' }, options: { 'model.hidden': 32 } }),
    ).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/model shape/) })
    await expect(
      svc.start({ ...base, startFrom: { run: 'starter-paper' }, options: { 'data.batchSize': 0 } }),
    ).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/batchSize/) })
    expect(starts()).toEqual([])
  })

  it('describes what a fine-tuning run from a model gets (train:fineTunePreset)', async () => {
    const info = await svc.fineTunePreset({ run: 'starter-paper' })
    expect(info).toMatchObject({
      name: 'tiny+finetune',
      label: 'Paper model (faithful to Mogren 2016) (fine-tuning)',
      epochs: 20,
      pretrainEpochs: 0,
      windows: 'cover',
      shortSongs: 'skip',
      validationFraction: 0.1,
      hidden: paperSource.model.hidden,
      tonesPerCell: 1,
      batchSize: paperSource.data.batchSize,
      lrG: paperSource.optim.lrG / 2,
      seed: paperSource.seed,
    })
    expect(info.description).toMatch(
      /^Continues Paper model .* \(epoch 3\) on your dataset: its preset tiny, 16 hidden/,
    )
    await expect(svc.fineTunePreset({ run: 'run-nope' })).rejects.toMatchObject({ code: 'not-found' })
  })

  it('answers a shipped model card by name; a model this build lacks, or a card missing, is not-found', async () => {
    await expect(svc.modelCard('starter-paper')).resolves.toEqual({
      name: 'starter-paper',
      label: 'Paper model (faithful to Mogren 2016)',
      markdown: TINY_CARD,
    })
    await expect(svc.modelCard('starter')).rejects.toMatchObject({
      code: 'not-found',
      message: 'this build does not ship the Starter model',
    })
    await writeTinyStarter(join(dir, 'no-card'), 1, 1, null)
    const back = pointShippedModels({ starter: join(dir, 'no-card') })
    try {
      await expect(svc.modelCard('starter')).rejects.toMatchObject({
        code: 'not-found',
        message: 'the Starter model has no model card (model-card.md is missing)',
      })
    } finally {
      back()
    }
    await expect(svc.modelCard('../etc')).rejects.toMatchObject({ code: 'not-found' })
  })
})
