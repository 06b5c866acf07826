// The C-RNN-GAN training loop (crnngan-spec §4): epochs with the length curriculum, seeded batches, pretraining then
// adversarial steps with freezing, pause/resume/stop at batch boundaries, checkpoints, NaN rollback, progress events.
import type { NamedArray } from '../checkpoints/binary'
import { lockRun, type RunLock } from '../checkpoints/runLock'
import type { TrainConfig } from '../config/trainConfig'
import type { HostEvent } from '../host/protocol'
import type { CrnnGan } from '../model/types'
import { buildWindowBatch, epochWindows, splitSongs, type SongCells } from './batching'
import { phaseAt, songLengthAt } from './curriculum'
import { EpochEvaluator, ReferenceMetrics, epochSamples, validationLoss } from './evaluation'
import { toModelSpace } from './features'
import { FREEZE_RESET_LOSS, decideFreeze, type FreezeDecision } from './freezing'
import { buildModel } from './modelFactory'
import { NetOptimizer } from './optim'
import { ProgressMeter } from './progress'
import { RunState, type MutableState } from './runState'
import { runBatch } from './trainStep'
import { featureCount } from '../../common/crnngan/cells'

/** Consecutive NaN rollbacks allowed before the run fails with DIVERGED. */
const MAX_ROLLBACKS = 4

/** Thrown when training diverges repeatedly; `code` is the protocol's error code. */
export class TrainingError extends Error {
  constructor(
    readonly code: 'NO_DATA' | 'DIVERGED' | 'BAD_CONFIG',
    message: string,
  ) {
    super(message)
  }
}

/** Options of a Trainer. `songs` are raw cells ([n, F] row-major, spec units). */
export interface TrainerOptions {
  readonly config: TrainConfig
  readonly songs: readonly SongCells[]
  /** A fixed validation set (e.g. a held-out split kept piece-wise); when given, `songs` are all training songs. */
  readonly validationSongs?: readonly SongCells[]
  readonly runDir: string
  readonly runId: string
  readonly backend: string
  readonly emit: (e: HostEvent) => void
  /**
   * Fine-tuning: G and D weights to start from (a checkpoint's arrays, same model config) when the run folder has
   * no checkpoint yet; ignored when resuming.
   */
  readonly initialWeights?: readonly NamedArray[]
  /** Abort = stop: a checkpoint is saved at the next batch boundary. */
  readonly signal?: AbortSignal
  /** Who holds the run folder's lock, as another process trying it is told (default 'crnngan train'). */
  readonly tool?: string
  /** The run folder's lock, when the caller took it already (it is released when the run ends). */
  readonly lock?: RunLock
  /**
   * Instrumentation (tests): called after every step, before the next freezing decision, with the step's
   * [L_D, L_G, L_G(FM), MSE] (reg included) and the freezing decision it ran under.
   */
  readonly afterStep?: (ctx: {
    epoch: number
    step: number
    model: CrnnGan
    losses: readonly number[]
    freeze: FreezeDecision
  }) => void
}

/** Runs one training run; create, then `await run()`. Pause/resume from any thread turn. */
export class Trainer {
  readonly #o: TrainerOptions
  readonly #model: CrnnGan
  #paused = false
  #wake: (() => void) | null = null

  constructor(o: TrainerOptions) {
    this.#o = o
    this.#model = buildModel(o.config)
  }

  /** The model being trained (owned by the trainer; disposed by `dispose`). */
  get model(): CrnnGan {
    return this.#model
  }

  /** Requests a pause at the next batch boundary (a checkpoint is saved, then `paused` is sent). */
  pause(): void {
    this.#paused = true
  }

  resume(): void {
    this.#paused = false
    this.#wake?.()
  }

  /** Trains until the configured epoch count, a stop, or a failure. */
  async run(): Promise<'finished' | 'stopped'> {
    const { config, emit, runId, signal } = this.#o
    const F = featureCount(config.model.tonesPerCell)
    const fixed = this.#o.validationSongs
    const split = fixed
      ? { train: splitSongs(this.#o.songs, F, 0, config.seed).train, validation: fixed }
      : splitSongs(this.#o.songs, F, config.data.validationFraction, config.seed)
    const toModel = (s: SongCells): SongCells => ({
      name: s.name,
      cells: toModelSpace(s.cells, F, config.model.features),
    })
    const train = split.train.map(toModel)
    const validation = split.validation.map(toModel)
    // Model space may carry more values per cell than the raw cells (the fifths circle).
    const Fm = this.#model.spec.features
    const B = config.data.batchSize
    const windowsAt = (epoch: number, T: number) =>
      epochWindows(train, Fm, T, config.seed, epoch, config.data)
    const firstT = songLengthAt(config, 0)
    if (Math.floor(windowsAt(0, firstT).song.length / B) === 0)
      throw new TrainingError(
        'NO_DATA',
        `${train.length} training songs is fewer than one batch of ${B} (windows of ${firstT} events)`,
      )
    const reference = new ReferenceMetrics(config, split.train)
    const evaluator = new EpochEvaluator(config, split.train)
    const optG = new NetOptimizer(config.optim.kind, config.optim.lrG, config.optim.beta1)
    const optD = new NetOptimizer(config.optim.kind, config.optim.lrD, config.optim.beta1)
    const warn = (message: string): void => emit({ type: 'warning', runId, message })
    const rs = new RunState(this.#o.runDir, config, this.#model, optG, optD, warn)
    const meter = new ProgressMeter()
    let lock = this.#o.lock
    try {
      // Two trainers on one folder would interleave checkpoints and index swaps: the second one is refused.
      lock ??= await lockRun(this.#o.runDir, this.#o.tool ?? 'crnngan train')
      const st = await rs.restoreOrInit(this.#o.initialWeights)
      const { epochs } = config.schedule
      let rollbacks = 0
      while (st.epoch < epochs) {
        const epoch = st.epoch
        const T = songLengthAt(config, epoch)
        const phase = phaseAt(config, epoch)
        st.songLength = T
        const windows = windowsAt(epoch, T)
        // Per epoch: with 'cover' windows or skipped short songs the count follows the song length.
        const nb = Math.floor(windows.song.length / B)
        if (st.step === 0) [st.prevD, st.prevG] = [FREEZE_RESET_LOSS, FREEZE_RESET_LOSS]
        let rolledBack = false
        while (st.step < nb) {
          if (signal?.aborted) return await this.#stop(rs, st)
          if (this.#paused) await this.#pauseHere(rs, st)
          if (signal?.aborted) return await this.#stop(rs, st)
          const freeze =
            phase === 'adversarial'
              ? decideFreeze(config.adversarial.freezing, st.prevD, st.prevG, config.adversarial.freezeRatio)
              : { freezeD: true, freezeG: false, endEpoch: false }
          if (freeze.endEpoch) break
          const values = await runBatch(this.#model, config, {
            batch: buildWindowBatch(train, windows, Fm, T, B, st.step),
            length: T,
            epoch,
            step: st.step,
            phase,
            optG: freeze.freezeG ? null : optG,
            optD: freeze.freezeD ? null : optD,
          })
          const [d, g, fm, mse] = values
          const bad =
            phase === 'pretrain' ? !Number.isFinite(mse) : !Number.isFinite(d) || !Number.isFinite(g)
          if (bad || (!Number.isNaN(fm) && !Number.isFinite(fm))) {
            if (++rollbacks > MAX_ROLLBACKS)
              throw new TrainingError('DIVERGED', `losses stayed non-finite after ${MAX_ROLLBACKS} rollbacks`)
            await this.#rollback(rs, st, `non-finite loss at epoch ${epoch} step ${st.step}`)
            rolledBack = true
            break
          }
          ;[st.prevD, st.prevG] = phase === 'adversarial' ? [d, g] : [st.prevD, st.prevG]
          st.lastLosses = values
          st.step++
          st.globalStep++
          meter.step()
          this.#o.afterStep?.({ epoch, step: st.step - 1, model: this.#model, losses: values, freeze })
          if (meter.due(st.step === nb)) {
            const remaining = (epochs - epoch) * nb - st.step
            emit({
              type: 'progress',
              runId,
              epoch,
              step: st.step - 1,
              stepsPerEpoch: nb,
              phase,
              dLoss: d,
              gLoss: g,
              gLossFeatureMatching: fm,
              ...(phase === 'pretrain' ? { mseLoss: mse } : {}),
              freezeD: freeze.freezeD,
              freezeG: freeze.freezeG,
              stepsPerSecond: meter.stepsPerSecond,
              etaSeconds: meter.eta(remaining),
              backend: this.#o.backend,
              songLength: T,
            })
          }
          // Let pause/stop messages in between batches.
          await new Promise((r) => setImmediate(r))
        }
        if (rolledBack) continue
        if (!rs.weightsFinite()) {
          if (++rollbacks > MAX_ROLLBACKS)
            throw new TrainingError('DIVERGED', `weights stayed non-finite after ${MAX_ROLLBACKS} rollbacks`)
          await this.#rollback(rs, st, `non-finite weights at the end of epoch ${epoch}`)
          continue
        }
        rollbacks = 0
        const val = await validationLoss(this.#model, config, validation, T)
        const { metrics, sampleMidi, raw } = epochSamples(this.#model, config, epoch, T)
        const evaluation = await evaluator.evaluate(raw, config.schedule.samplesPerEpoch, T)
        st.history.push([epoch, st.lastLosses[0], st.lastLosses[1], st.lastLosses[3], val])
        st.epoch++
        st.step = 0
        st.validationLoss = val
        if (st.epoch % config.schedule.checkpointEvery === 0 || st.epoch === epochs)
          this.#emitCheckpoint(await rs.save(st, st.epoch === epochs ? 'final' : 'periodic'), st)
        emit({
          type: 'epochEnd',
          runId,
          epoch,
          phase,
          songLength: T,
          validationLoss: val,
          metrics,
          reference: reference.at(T),
          sampleMidi,
          evaluation,
        })
      }
      emit({ type: 'finished', runId, epochs: st.epoch, checkpointPath: rs.lastPath })
      return 'finished'
    } finally {
      await lock?.release()
      optG.dispose()
      optD.dispose()
    }
  }

  async #pauseHere(rs: RunState, st: MutableState): Promise<void> {
    this.#emitCheckpoint(await rs.save(st, 'pause'), st)
    this.#o.emit({ type: 'paused', runId: this.#o.runId, epoch: st.epoch, step: st.step })
    const signal = this.#o.signal
    while (this.#paused && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve
        signal?.addEventListener('abort', () => resolve(), { once: true })
      })
    }
    this.#wake = null
  }

  async #stop(rs: RunState, st: MutableState): Promise<'stopped'> {
    const saved = await rs.save(st, 'stop')
    this.#emitCheckpoint(saved, st)
    this.#o.emit({ type: 'stopped', runId: this.#o.runId, epoch: st.epoch, checkpointPath: saved.path })
    return 'stopped'
  }

  async #rollback(rs: RunState, st: MutableState, reason: string): Promise<void> {
    const at = { epoch: st.epoch, step: st.step }
    const path = await rs.rollback(st)
    this.#o.emit({
      type: 'rollback',
      runId: this.#o.runId,
      epoch: at.epoch,
      step: at.step,
      reason,
      checkpointPath: path,
      restoredEpoch: st.epoch,
      lrG: st.lrG,
      lrD: st.lrD,
    })
  }

  #emitCheckpoint(
    saved: { path: string; isBest: boolean; reason: 'periodic' | 'pause' | 'stop' | 'final' },
    st: MutableState,
  ): void {
    this.#o.emit({
      type: 'checkpoint',
      runId: this.#o.runId,
      epoch: st.epoch,
      step: st.step,
      globalStep: st.globalStep,
      path: saved.path,
      reason: saved.reason,
      isBest: saved.isBest,
      validationLoss: st.validationLoss,
    })
  }

  /** Disposes the model's variables. */
  dispose(): void {
    this.#model.dispose()
  }
}
