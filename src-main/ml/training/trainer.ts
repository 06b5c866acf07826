// The C-RNN-GAN training loop (crnngan-spec §4): epochs with the length curriculum, seeded batches, pretraining then
// adversarial steps with freezing, pause/resume/stop at batch boundaries, checkpoints, NaN rollback, progress events.
// `run` is the epoch loop; one epoch's batches are `#trainEpoch`, one batch `#step`, its end `#endEpoch`.
import { lockRun } from '../checkpoints/runLock'
import type { CrnnGan } from '../model/types'
import { buildWindowBatch } from './batching'
import { CollapseWatch } from './collapseGuard'
import { phaseAt, songLengthAt } from './curriculum'
import { epochSamples, validationLoss } from './evaluation'
import { FREEZE_RESET_LOSS, decideFreeze } from './freezing'
import { buildModel } from './modelFactory'
import { prepareRun, type Epoch, type EpochOutcome, type RunContext } from './runContext'
import type { MutableState, RunState } from './runState'
import { runBatch } from './trainStep'
import { TrainingError, type TrainerOptions } from './trainerOptions'
import type { RollbackCause } from '../../common/ipc/training'

export { TrainingError, type TrainerOptions }

/** Consecutive NaN rollbacks allowed before the run fails with DIVERGED. */
const MAX_ROLLBACKS = 4

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
    const { config, emit, runId } = this.#o
    const ctx = prepareRun(this.#o, this.#model)
    let lock = this.#o.lock
    try {
      // Two trainers on one folder would interleave checkpoints and index swaps: the second one is refused.
      lock ??= await lockRun(this.#o.runDir, this.#o.tool ?? 'crnngan train')
      const st = await ctx.rs.restoreOrInit(this.#o.initialWeights)
      let rollbacks = 0
      const guard = config.schedule.collapseGuard
      const watch = guard && config.schedule.samplesPerEpoch > 0 ? new CollapseWatch(guard) : null
      while (st.epoch < config.schedule.epochs) {
        const out = await this.#trainEpoch(ctx, st)
        if (out.end === 'stopped') return 'stopped'
        if (out.end === 'nonFinite') {
          const diverged = `${out.what} stayed non-finite after ${MAX_ROLLBACKS} rollbacks`
          if (++rollbacks > MAX_ROLLBACKS) throw new TrainingError('DIVERGED', diverged)
          await this.#rollback(ctx.rs, st, out.reason)
          continue
        }
        rollbacks = 0
        await this.#endEpoch(ctx, st)
        const collapse = watch?.observe(st.score ?? NaN, await ctx.rs.bestScore())
        if (collapse) await this.#rollback(ctx.rs, st, collapse, 'collapse')
      }
      emit({ type: 'finished', runId, epochs: st.epoch, checkpointPath: ctx.rs.lastPath })
      return 'finished'
    } finally {
      await lock?.release()
      ctx.optG.dispose()
      ctx.optD.dispose()
    }
  }

  /** The batches of epoch `st.epoch` from batch `st.step` on, pausing and stopping between them. */
  async #trainEpoch(ctx: RunContext, st: MutableState): Promise<EpochOutcome> {
    const { config, signal } = this.#o
    const epoch = st.epoch
    const T = songLengthAt(config, epoch)
    st.songLength = T
    const windows = ctx.windowsAt(epoch, T)
    // Per epoch: with 'cover' windows or skipped short songs the count follows the song length.
    const e: Epoch = {
      epoch,
      T,
      phase: phaseAt(config, epoch),
      windows,
      nb: Math.floor(windows.song.length / config.data.batchSize),
    }
    if (st.step === 0) [st.prevD, st.prevG] = [FREEZE_RESET_LOSS, FREEZE_RESET_LOSS]
    while (st.step < e.nb) {
      if (signal?.aborted) return { end: await this.#stop(ctx.rs, st) }
      if (this.#paused) await this.#pauseHere(ctx.rs, st)
      if (signal?.aborted) return { end: await this.#stop(ctx.rs, st) }
      const step = await this.#step(ctx, st, e)
      if (step === 'endEpoch') break
      const reason = `non-finite loss at epoch ${epoch} step ${st.step}`
      if (step === 'nonFinite') return { end: 'nonFinite', what: 'losses', reason }
      // Let pause/stop messages in between batches.
      await new Promise((r) => setImmediate(r))
    }
    if (!ctx.rs.weightsFinite())
      return { end: 'nonFinite', what: 'weights', reason: `non-finite weights at the end of epoch ${epoch}` }
    return { end: 'done' }
  }

  /** One batch under this step's freezing decision; reports progress when due. */
  async #step(ctx: RunContext, st: MutableState, e: Epoch): Promise<'ok' | 'endEpoch' | 'nonFinite'> {
    const { config } = this.#o
    const { epoch, T, phase, nb } = e
    const freeze =
      phase === 'adversarial'
        ? decideFreeze(config.adversarial.freezing, st.prevD, st.prevG, config.adversarial.freezeRatio)
        : { freezeD: true, freezeG: false, endEpoch: false }
    if (freeze.endEpoch) return 'endEpoch'
    const values = await runBatch(this.#model, config, {
      batch: buildWindowBatch(ctx.train, e.windows, ctx.Fm, T, config.data.batchSize, st.step),
      length: T,
      epoch,
      step: st.step,
      phase,
      optG: freeze.freezeG ? null : ctx.optG,
      optD: freeze.freezeD ? null : ctx.optD,
    })
    const [d, g, fm, mse] = values
    const bad = phase === 'pretrain' ? !Number.isFinite(mse) : !Number.isFinite(d) || !Number.isFinite(g)
    if (bad || (!Number.isNaN(fm) && !Number.isFinite(fm))) return 'nonFinite'
    ;[st.prevD, st.prevG] = phase === 'adversarial' ? [d, g] : [st.prevD, st.prevG]
    st.lastLosses = values
    st.step++
    st.globalStep++
    ctx.meter.step()
    this.#o.afterStep?.({ epoch, step: st.step - 1, model: this.#model, losses: values, freeze })
    if (!ctx.meter.due(st.step === nb)) return 'ok'
    this.#o.emit({
      type: 'progress',
      runId: this.#o.runId,
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
      stepsPerSecond: ctx.meter.stepsPerSecond,
      etaSeconds: ctx.meter.eta((config.schedule.epochs - epoch) * nb - st.step),
      backend: this.#o.backend,
      songLength: T,
    })
    return 'ok'
  }

  /** After a finite epoch: validation loss, samples and their evaluation, history, checkpoint, `epochEnd`. */
  async #endEpoch(ctx: RunContext, st: MutableState): Promise<void> {
    const { config, emit, runId } = this.#o
    const { epochs } = config.schedule
    const epoch = st.epoch
    const T = songLengthAt(config, epoch)
    const val = await validationLoss(this.#model, config, ctx.validation, T)
    const { metrics, sampleMidi, raw } = epochSamples(this.#model, config, epoch, T)
    const evaluation = await ctx.evaluator.evaluate(raw, config.schedule.samplesPerEpoch, T)
    st.history.push([epoch, st.lastLosses[0], st.lastLosses[1], st.lastLosses[3], val])
    st.epoch++
    st.step = 0
    st.validationLoss = val
    // Kept with the checkpoint: the run's "best" is the epoch whose samples scored highest.
    st.score = evaluation?.score ?? NaN
    if (st.epoch % config.schedule.checkpointEvery === 0 || st.epoch === epochs)
      this.#emitCheckpoint(await ctx.rs.save(st, st.epoch === epochs ? 'final' : 'periodic'), st)
    emit({
      type: 'epochEnd',
      runId,
      epoch,
      phase: phaseAt(config, epoch),
      songLength: T,
      validationLoss: val,
      metrics,
      reference: ctx.reference.at(T),
      sampleMidi,
      evaluation,
    })
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

  /** NaN/Inf: back to the newest valid checkpoint; a collapse: back to the best one. Both halve the rates. */
  async #rollback(
    rs: RunState,
    st: MutableState,
    reason: string,
    cause: RollbackCause = 'nonFinite',
  ): Promise<void> {
    const at = { epoch: st.epoch, step: st.step }
    const path = await rs.rollback(st, cause === 'collapse' ? 'best' : 'latest')
    this.#o.emit({
      type: 'rollback',
      runId: this.#o.runId,
      epoch: at.epoch,
      step: at.step,
      cause,
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
