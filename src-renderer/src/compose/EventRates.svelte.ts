// How many events per (generated) quarter note each model makes, measured on its own raw output: a short probe the
// first time a length in bars is asked of a model, then refined by every batch. Lengths in bars use it.
import { SvelteMap } from 'svelte/reactivity'
import type { CheckpointRefDto } from '@common/ipc/training'
import type { Song } from '@common/music/song'
import type { StudioClient } from '../lib/ipc'
import { eventsPerQuarter, FALLBACK_EVENTS_PER_QUARTER } from './lengthInBars'

/** Steps of the one-candidate probe that measures a model's events per beat before the first bars request. */
const PROBE_LENGTH = 64

const key = (runId: string, checkpoint: CheckpointRefDto): string => `${runId}|${String(checkpoint)}`

export class EventRates {
  readonly #rates = new SvelteMap<string, number>()
  readonly #client: StudioClient

  constructor(client: StudioClient) {
    this.#client = client
  }

  /** The figure for a model, if measured yet (reactive). */
  get(runId: string, checkpoint: CheckpointRefDto): number | undefined {
    return this.#rates.get(key(runId, checkpoint))
  }

  /** Refines the figure from a batch of raw outputs of `length` events each (phrases spanning no time are ignored). */
  learn(
    runId: string,
    checkpoint: CheckpointRefDto,
    phrases: readonly { song: Song }[],
    length: number,
  ): void {
    const measured = eventsPerQuarter(
      phrases.map((p) => p.song),
      length,
    )
    if (measured !== null) this.#rates.set(key(runId, checkpoint), measured)
  }

  /** Generates one raw probe phrase with the model and measures it; throws the IPC error when generation fails. */
  async probe(
    runId: string,
    checkpoint: CheckpointRefDto,
    seed: number,
    noiseScale: number,
  ): Promise<number> {
    const r = await this.#client.call('generate:sample', {
      runId,
      count: 1,
      seed,
      length: PROBE_LENGTH,
      checkpoint,
      noiseScale,
    })
    const rate =
      eventsPerQuarter(
        r.phrases.map((p) => p.song),
        PROBE_LENGTH,
      ) ?? FALLBACK_EVENTS_PER_QUARTER
    this.#rates.set(key(runId, checkpoint), rate)
    return rate
  }
}
