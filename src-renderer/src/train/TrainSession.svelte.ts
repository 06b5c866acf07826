// Train screen state, alive across tab switches: datasets, presets, the start form, runs with checkpoints, and
// the live run's loss history and per-epoch measurements, fed by the train:* push events.
import type { DatasetSummary } from '@common/ipc/dtos'
import type { PresetInfo, RunSummary, TrainEpoch, TrainProgress } from '@common/ipc/training'
import { isShippedModel } from '@common/models/shipped'
import type { StudioClient } from '../lib/ipc'
import type { Notices } from '../lib/notices.svelte'
import { savedWhere } from '../lib/web/served'
import { failedNotice } from './format'
import { lastEvaluation, outputProblem } from './runHealth'
import { buildStartRequest, formFromPreset, type TrainForm } from './trainForm'

/** One training batch as the loss charts plot it (x = global step). */
export interface LossPoint {
  readonly x: number
  readonly d: number
  readonly g: number
  readonly fm: number
  readonly mse: number
  readonly freezeD: boolean
  readonly freezeG: boolean
}

/** Which checkpoints an export holds: best and latest, one of them, or the one saved after epoch N. */
export type ExportChoice = 'best+latest' | 'best' | 'latest' | number

/** Loss points kept per run; older ones are thinned (every other one dropped) past this. */
const MAX_POINTS = 4000

export class TrainSession {
  datasets = $state.raw<DatasetSummary[]>([])
  presets = $state.raw<PresetInfo[]>([])
  runs = $state.raw<RunSummary[]>([])
  form = $state<TrainForm>(formFromPreset(null, ''))
  /** Fine-tuning (Start from a model): what `train:fineTunePreset` answered for `form.startFrom`, else null. */
  fineTune = $state.raw<PresetInfo | null>(null)
  /** The run whose live data is shown (the one started or resumed here). */
  liveRunId = $state<string | null>(null)
  progress = $state.raw<TrainProgress | null>(null)
  losses = $state.raw<LossPoint[]>([])
  epochs = $state.raw<TrainEpoch[]>([])
  paused = $state(false)
  busy = $state(false)
  backend = $state<string | null>(null)
  /** Set when the app is quitting and the engine saves this run's checkpoint first. */
  quitting = $state.raw<{ runId: string; timeoutSeconds: number } | null>(null)
  /** False until the first `load` answered (so the screen does not flash "no dataset yet"). */
  loaded = $state(false)
  readonly #client: StudioClient
  readonly #notices: Notices
  #connected = false
  /** The preset a new model gets when Start from goes back to Scratch. */
  #scratchPreset = 'studio'

  constructor(client: StudioClient, n: Notices) {
    this.#client = client
    this.#notices = n
  }

  /** True while the live run is training (started, not finished/stopped/failed). */
  get running(): boolean {
    return this.runs.some((r) => r.runId === this.liveRunId && r.state === 'running')
  }

  /** Subscribes to the engine's events once for the app's lifetime. */
  connect(): void {
    if (this.#connected) return
    this.#connected = true
    this.#client.on('engine:ready', ({ backend }) => (this.backend = backend))
    this.#client.on('train:progress', (p) => {
      if (p.runId !== this.liveRunId) return
      this.progress = p
      this.backend = p.backend
      // Pretraining updates G by teacher-forced MSE only: its D/G values are placeholders, drawn as a gap.
      const adv = p.phase === 'adversarial'
      const point: LossPoint = {
        x: p.epoch * p.stepsPerEpoch + p.step,
        d: adv ? p.dLoss : NaN,
        g: adv ? p.gLoss : NaN,
        fm: adv ? p.gLossFeatureMatching : NaN,
        mse: p.mseLoss,
        freezeD: p.freezeD,
        freezeG: p.freezeG,
      }
      const kept = this.losses.length >= MAX_POINTS ? this.losses.filter((_, i) => i % 2 === 0) : this.losses
      this.losses = [...kept, point]
    })
    this.#client.on('train:epoch', (e) => {
      if (e.runId === this.liveRunId) this.epochs = [...this.epochs.filter((x) => x.epoch !== e.epoch), e]
    })
    this.#client.on('train:checkpoint', () => void this.refreshRuns())
    this.#client.on('train:paused', (p) => {
      if (p.runId === this.liveRunId) this.paused = p.paused
      void this.refreshRuns()
    })
    this.#client.on('train:finished', (f) => {
      if (f.runId === this.liveRunId) this.paused = false
      // Near-silent or nearly empty samples make a finished run a warning, not a success.
      const problem =
        f.runId === this.liveRunId && !f.stopped
          ? outputProblem(
              lastEvaluation(this.epochs),
              this.presets.map((p) => p.name),
            )
          : null
      if (problem) this.#notices.push('warning', `Training ${f.runId}: ${problem}`)
      else
        this.#notices.push(
          'success',
          f.stopped ? `Training ${f.runId} stopped.` : `Training ${f.runId} finished.`,
        )
      void this.refreshRuns()
    })
    this.#client.on('train:failed', (f) => {
      this.#notices.push('error', failedNotice(f))
      void this.refreshRuns()
    })
    this.#client.on('train:notice', (n) => this.#notices.push('info', n.message))
    this.#client.on('app:quitting', (q) => {
      this.quitting = q
      this.#notices.push(
        'info',
        `Saving a checkpoint of ${q.runId} before quitting (at most ${q.timeoutSeconds} s)…`,
        true,
      )
    })
    this.#client.on('train:rollback', (r) =>
      this.#notices.push(
        'info',
        r.cause === 'collapse'
          ? `Epoch ${r.epoch + 1}: the samples fell far below the best so far (a collapse); went back to the best ` +
              `checkpoint (epoch ${r.restoredEpoch}) and goes on with halved learning rates.`
          : `Non-finite loss in epoch ${r.epoch + 1}: rolled back to epoch ${r.restoredEpoch}.`,
      ),
    )
  }

  async load(): Promise<void> {
    try {
      const [datasets, presets] = await Promise.all([
        this.#client.call('dataset:list', {}),
        this.#client.call('train:presets', {}),
      ])
      this.datasets = datasets
      this.presets = presets
      if (!datasets.some((d) => d.id === this.form.datasetId)) this.form.datasetId = datasets[0]?.id ?? ''
      // New runs start from the engine's first preset (`studio`) until the composer picks another one.
      const fineTuning = this.loaded && this.form.startFrom !== ''
      if (!fineTuning && (!this.loaded || !presets.some((p) => p.name === this.form.preset)))
        this.choosePreset(presets[0]?.name ?? 'tiny')
      this.loaded = true
      await this.refreshRuns()
    } catch (err) {
      this.#notices.error(err)
    }
  }

  async refreshRuns(): Promise<void> {
    try {
      this.runs = await this.#client.call('train:list', {})
    } catch (err) {
      this.#notices.error(err)
    }
  }

  /** Fills the advanced fields with a preset's defaults (keeps dataset and seed); a new model from scratch. */
  choosePreset(name: string): void {
    const p = this.presets.find((x) => x.name === name) ?? null
    this.fineTune = null
    this.form = { ...formFromPreset(p, this.form.datasetId), seed: this.form.seed, preset: name }
  }

  /** The models a new run can start from: shipped models first, then runs with a checkpoint that are not training. */
  get startSources(): RunSummary[] {
    return [
      ...this.runs.filter((r) => isShippedModel(r.runId)),
      ...this.runs.filter(
        (r) => !isShippedModel(r.runId) && r.state !== 'running' && r.checkpoints.length > 0,
      ),
    ]
  }

  /**
   * Start from: '' = a new model (the preset chosen before); a run id or shipped model name = fine-tune it, with
   * the preset, model shape and defaults main works out for it (`train:fineTunePreset`).
   */
  async chooseStartFrom(run: string): Promise<void> {
    if (!run) {
      this.choosePreset(this.#scratchPreset)
      return
    }
    if (!this.form.startFrom) this.#scratchPreset = this.form.preset
    await this.#guard(async () => {
      const info = await this.#client.call('train:fineTunePreset', { startFrom: { run } })
      this.fineTune = info
      this.form = { ...formFromPreset(info, this.form.datasetId, run), seed: this.form.seed }
    })
  }

  async start(): Promise<void> {
    await this.#guard(async () => {
      const { runId } = await this.#client.call('train:start', buildStartRequest(this.form))
      this.#watch(runId)
    })
  }

  /** Resumes a stopped/failed run from its latest checkpoint. */
  /** Train → Runs → Import…: a `.crnnrun` from a dialog (an upload in the browser), or the paths of a drop. */
  async importRuns(paths?: readonly string[]): Promise<void> {
    try {
      for (const path of paths?.length ? paths : [undefined]) {
        const run = await this.#client.call('run:import', path === undefined ? {} : { path })
        if (!run) continue
        const n = run.checkpoints.length
        this.#notices.push(
          'success',
          `Imported run “${run.runId}” with ${n} checkpoint${n === 1 ? '' : 's'}.`,
        )
      }
      await this.refreshRuns()
    } catch (err) {
      this.#notices.error(err)
    }
  }

  /** Exports a run's chosen checkpoints as one `.crnnrun` (a save dialog, or a download in the browser). */
  async exportRun(runId: string, choice: ExportChoice): Promise<void> {
    const checkpoints = choice === 'best+latest' ? (['best', 'latest'] as const) : [choice]
    try {
      const r = await this.#client.call('run:export', { runId, checkpoints: [...checkpoints] })
      if (r) {
        const mb = (r.bytes / 1024 / 1024).toFixed(1)
        const where = savedWhere(r.path)
        this.#notices.push('success', `Exported ${where} (${mb} MB, ${r.checkpoints.join(', ')}).`)
      }
    } catch (err) {
      this.#notices.error(err)
    }
  }

  /** Continues a run; `datasetId` for a run whose own dataset is not in this library (an imported one). */
  async resume(runId: string, datasetId?: string): Promise<void> {
    await this.#guard(async () => {
      await this.#client.call('train:resume', datasetId === undefined ? { runId } : { runId, datasetId })
      this.#watch(runId)
    })
  }

  async pause(): Promise<void> {
    const id = this.liveRunId
    if (id) await this.#guard(() => this.#client.call('train:pause', { runId: id }))
  }
  async continueRun(): Promise<void> {
    const id = this.liveRunId
    if (id) await this.#guard(() => this.#client.call('train:continue', { runId: id }))
  }
  async stop(): Promise<void> {
    const id = this.liveRunId
    if (id) await this.#guard(() => this.#client.call('train:stop', { runId: id }))
  }

  #watch(runId: string): void {
    this.liveRunId = runId
    this.progress = null
    this.losses = []
    this.epochs = []
    this.paused = false
    void this.refreshRuns()
  }

  async #guard(fn: () => Promise<unknown>): Promise<void> {
    this.busy = true
    try {
      await fn()
    } catch (err) {
      this.#notices.error(err)
    } finally {
      this.busy = false
    }
  }
}
