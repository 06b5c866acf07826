// A run's resumable state and its link to disk: restore-or-init from the run folder, save checkpoints (weights,
// optimizer slots, counters, losses, config) and roll back to the last good one with halved learning rates.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { NamedArray } from '../checkpoints/binary'
import { cleanRun, openIndex, readIndex, saveCheckpoint, type TrainState } from '../checkpoints/store'
import { loadValidCheckpoint, NoCheckpointError, type Skipped } from '../checkpoints/select'
import { writeFileAtomic } from '../checkpoints/atomic'
import type { TrainConfig } from '../config/trainConfig'
import type { CrnnGan, WeightMap } from '../model/types'
import type { NetOptimizer } from './optim'

/** TrainState while running, plus the latest batch's losses [d, g, fm, mse]. */
export type MutableState = { -readonly [K in keyof TrainState]: TrainState[K] } & {
  history: number[][]
  lastLosses: number[]
}

/** Converts between the model's WeightMap and checkpoint arrays. */
export const weightsToArrays = (w: WeightMap): NamedArray[] =>
  Object.entries(w).map(([name, v]) => ({ name, shape: v.shape, data: v.data }))
export const arraysToWeights = (a: readonly NamedArray[]): WeightMap =>
  Object.fromEntries(a.map((x) => [x.name, { shape: [...x.shape], data: x.data }]))

/** Owns the link between a training run in memory and its folder. */
export class RunState {
  lastPath: string | null = null

  constructor(
    private readonly runDir: string,
    private readonly config: TrainConfig,
    private readonly model: CrnnGan,
    private readonly optG: NetOptimizer,
    private readonly optD: NetOptimizer,
    /** Told what was repaired or skipped (a damaged checkpoint, a left-over temp folder), for a log line. */
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Checkpoint folders found damaged this session: a rollback never retries them. */
  readonly #bad = new Set<string>()

  /**
   * Resumes from the run folder's newest valid checkpoint (skipping damaged ones, each reported through `warn`),
   * or writes config.json and an initial checkpoint when the run has none. Cleans up what a crash left behind
   * first; the caller must hold the run's lock. A new run starts from `initialWeights` when given (fine-tuning: a
   * trained model's G and D instead of a fresh initialisation).
   * @throws NoCheckpointError when the run has checkpoints but none can be used.
   */
  async restoreOrInit(initialWeights?: readonly NamedArray[]): Promise<MutableState> {
    await fs.mkdir(this.runDir, { recursive: true })
    for (const m of await cleanRun(this.runDir)) this.warn(m)
    const { index } = await openIndex(this.runDir)
    if (index.checkpoints.length > 0) {
      const { path: _path, ...st } = await this.#load().catch((err: unknown) => {
        if (!(err instanceof NoCheckpointError)) throw err
        throw new NoCheckpointError(
          `${err.message}\nnothing to resume from: move the run folder away or train into another folder`,
        )
      })
      return st
    }
    if (initialWeights) this.model.setWeights(arraysToWeights(initialWeights))
    await writeFileAtomic(join(this.runDir, 'config.json'), JSON.stringify(this.config, null, 1))
    const st: MutableState = {
      epoch: 0,
      step: 0,
      globalStep: 0,
      seed: this.config.seed,
      songLength: 0,
      prevD: NaN,
      prevG: NaN,
      lrG: this.config.optim.lrG,
      lrD: this.config.optim.lrD,
      validationLoss: NaN,
      bestValidationLoss: NaN,
      history: [],
      lastLosses: [NaN, NaN, NaN, NaN],
    }
    // An initial checkpoint guarantees a NaN rollback always has somewhere to go.
    await this.save(st, 'initial')
    return st
  }

  #savedConfig: TrainConfig | null = null

  #checkCompatible(): void {
    const saved = this.#savedConfig
    if (!saved) return
    if (JSON.stringify(saved.model) !== JSON.stringify(this.config.model) || saved.seed !== this.config.seed)
      throw new Error(
        `run folder '${this.runDir}' holds a run with a different model or seed; use a new --out folder to start over`,
      )
  }

  /** Loads the newest valid checkpoint (not one of #bad) into the model and optimizers. */
  async #load(ref: 'latest' | 'best' = 'latest'): Promise<MutableState & { path: string }> {
    const onSkip = (s: Skipped): void => {
      this.#bad.add(s.path)
      this.warn(`skipped a damaged checkpoint: ${s.reason}`)
    }
    let fellBack = false
    for (;;) {
      const {
        path,
        data: ck,
        skipped,
      } = await loadValidCheckpoint(this.runDir, ref, {
        exclude: this.#bad,
        onSkip,
      })
      fellBack ||= skipped.length > 0
      this.#savedConfig = ck.config
      this.#checkCompatible()
      this.model.setWeights(arraysToWeights(ck.weights))
      try {
        await this.optG.importState('g/', ck.optimizer)
        await this.optD.importState('d/', ck.optimizer)
      } catch (err) {
        // Verified bytes that still do not fit the optimizer: as damaged as a bad checksum, so try the next one.
        onSkip({
          path,
          reason: `${join(path, 'optimizer.bin')}: the optimizer state does not fit (${(err as Error).message})`,
        })
        fellBack = true
        continue
      }
      if (fellBack) this.warn(`using the newest valid checkpoint instead: ${path}`)
      return this.#apply(ck.state, path)
    }
  }

  async #apply(s: TrainState, path: string): Promise<MutableState & { path: string }> {
    if (this.optG.learningRate !== s.lrG) await this.optG.setLearningRate(s.lrG)
    if (this.optD.learningRate !== s.lrD) await this.optD.setLearningRate(s.lrD)
    this.lastPath = path
    return { ...s, history: s.history.map((h) => [...h]), lastLosses: [NaN, NaN, NaN, NaN], path }
  }

  /** Saves a checkpoint (atomic), updating the best validation loss. */
  async save(
    st: MutableState,
    reason: string,
  ): Promise<{ path: string; isBest: boolean; reason: 'periodic' | 'pause' | 'stop' | 'final' }> {
    if (Number.isFinite(st.validationLoss) && !(st.validationLoss >= st.bestValidationLoss))
      st.bestValidationLoss = st.validationLoss
    const optimizer = [...(await this.optG.exportState('g/')), ...(await this.optD.exportState('d/'))]
    const saved = await saveCheckpoint(
      this.runDir,
      { config: this.config, state: st, weights: weightsToArrays(this.model.getWeights()), optimizer },
      reason,
      this.config.schedule.keepLast,
    )
    this.lastPath = saved.path
    return {
      ...saved,
      reason: reason === 'initial' ? 'periodic' : (reason as 'periodic' | 'pause' | 'stop' | 'final'),
    }
  }

  /**
   * Restores the newest valid checkpoint (`ref` 'best': the run's best, else the newest valid) into `st` and the
   * model (damaged ones are skipped, and never tried again), then halves both learning rates. Returns its path.
   */
  async rollback(st: MutableState, ref: 'latest' | 'best' = 'latest'): Promise<string> {
    const lr = { g: st.lrG * 0.5, d: st.lrD * 0.5 }
    const { path, ...restored } = await this.#load(ref)
    Object.assign(st, restored)
    st.lrG = lr.g
    st.lrD = lr.d
    await this.optG.setLearningRate(lr.g)
    await this.optD.setLearningRate(lr.d)
    return path
  }

  /** Summary score of the run's best checkpoint, or null when none is scored. */
  async bestScore(): Promise<number | null> {
    const index = await readIndex(this.runDir)
    return index.checkpoints.find((c) => c.name === index.best)?.score ?? null
  }

  /** True when every G and D weight is finite (one reduction, one read). */
  weightsFinite(): boolean {
    const vars = [...this.model.gVars, ...this.model.dVars]
    const t = tf.tidy(() => tf.addN(vars.map((v) => tf.sum(tf.abs(v)))))
    const v = t.dataSync()[0]
    t.dispose()
    return Number.isFinite(v)
  }
}
