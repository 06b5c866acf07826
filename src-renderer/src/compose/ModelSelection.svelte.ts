// Which model Compose generates with: the runs that have a checkpoint, the chosen run and checkpoint, remembered
// across restarts (settings:get / settings:set), with the shipped starter model as the first-run choice.
import type { CheckpointRefDto, RunSummary } from '@common/ipc/training'
import { firstShippedModel, type ShippedModelName } from '@common/models/shipped'
import type { StudioClient } from '../lib/ipc'
import type { Notices } from '../lib/notices.svelte'
import { availableCheckpoint, initialModel, type ModelChoice } from './modelChoice'

export class ModelSelection {
  runs = $state.raw<RunSummary[]>([])
  runId = $state('')
  checkpoint = $state<CheckpointRefDto>('latest')
  /** False until the first `loadRuns` answered (so the screen does not flash "no model yet"). */
  runsLoaded = $state(false)
  protected readonly client: StudioClient
  protected readonly notices: Notices
  #remembered: Promise<ModelChoice | null> | null = null

  constructor(client: StudioClient, notices: Notices) {
    this.client = client
    this.notices = notices
  }

  get run(): RunSummary | null {
    return this.runs.find((r) => r.runId === this.runId) ?? null
  }
  /** The shipped model a first run offers (the default one, else the other), or null when the build has none. */
  get starterModel(): ShippedModelName | null {
    return firstShippedModel(this.runs.map((r) => r.runId)) ?? null
  }

  /** Runs that have at least one checkpoint; the first time, selects the remembered model (or the starter). */
  async loadRuns(): Promise<void> {
    try {
      this.runs = (await this.client.call('train:list', {})).filter((r) => r.checkpoints.length > 0)
      if (!this.run) {
        const pick = initialModel(this.runs, await this.#rememberedModel())
        this.runId = pick?.runId ?? ''
        this.checkpoint = pick?.checkpoint ?? 'latest'
      } else this.checkpoint = availableCheckpoint(this.run, this.checkpoint)
      this.runsLoaded = true
    } catch (err) {
      this.notices.error(err)
    }
  }

  /** The composer picked a model: use it and remember it for the next start. */
  chooseModel(runId: string, checkpoint: CheckpointRefDto = 'latest'): void {
    this.runId = runId
    const run = this.run
    this.checkpoint = run ? availableCheckpoint(run, checkpoint) : checkpoint
    this.remember()
  }

  /** Stores the current choice as the one the next start selects. */
  protected remember(): void {
    if (!this.runId) return
    const composeModel = { runId: this.runId, checkpoint: this.checkpoint }
    this.#remembered = Promise.resolve(composeModel)
    void this.client.call('settings:set', { composeModel }).catch((err: unknown) => this.notices.error(err))
  }

  #rememberedModel(): Promise<ModelChoice | null> {
    this.#remembered ??= this.client.call('settings:get', {}).then(
      (s) => s.composeModel ?? null,
      () => null, // no settings (older main, unreadable): fall back to the starter / newest
    )
    return this.#remembered
  }
}
