// Generates phrases from a saved checkpoint: seeded, byte-reproducible, with partial reroll, primed continuation,
// critic ranking (D with dropout off) and a memorisation figure per candidate. Each caller names the outputs it uses
// (song, MIDI bytes, raw cells); nothing else is computed or sent. The sampling defaults live here and only here.
import * as tf from '@tensorflow/tfjs'
import { featureCount, encodeCells } from '../../common/crnngan/cells'
import { tonesFromSong } from '../../common/crnngan/tones'
import { cellsToMidiBytes, cellsToSong } from '../../common/crnngan/writer'
import { floatTensor } from '../../common/ipc/tensorPayload'
import type { Song } from '../../common/music/song'
import { loadValidCheckpoint, type CheckpointRef } from '../checkpoints/select'
import type { TrainConfig } from '../config/trainConfig'
import type { TensorPayload } from '../../common/ipc/tensorPayload'
import { dInputWidth, noiseDimOf, type CrnnGan } from '../model/types'
import { implementationFor } from '../model/impls'
import { getKernel } from '../ops/wasm/kernel'
import { checkSampleFits } from '../ops/wasm/kernelBudget'
import { fromModelSpace, toModelSpace } from '../training/features'
import { modelWithWeights } from '../training/modelFactory'
import { generateCells } from './generateCells'
import { longestSharedRun, type MemorisationIndex } from './memorisation'

/** What a candidate can carry: its Song, its Standard MIDI File bytes, its raw cells ([length, F], raw units). */
export interface SampleOutputs {
  readonly song: Song
  readonly midi: Uint8Array
  readonly cells: TensorPayload
}
export type SampleOutput = keyof SampleOutputs

/** One generated candidate with the outputs `O` that were asked for. */
export type SampleCandidate<O extends SampleOutput = SampleOutput> = Pick<SampleOutputs, O> & {
  readonly seed: number
  /** Position in the generated batch (before ranking); with `seed` and the settings it identifies the candidate. */
  readonly index: number
  /** Mean D probability (dropout off), present when ranked. */
  readonly score?: number
  /** Longest run of consecutive (interval, rhythm) events shared with a training piece, with that piece. */
  readonly memorisation?: { readonly longestRun: number; readonly piece: string | null }
}

/** What `sample` answers. */
export interface SampleResult<O extends SampleOutput = SampleOutput> {
  /** Epoch of the checkpoint used. */
  readonly checkpointEpoch: number
  /** Ranked best first when `rank` was set, else in generation order. */
  readonly candidates: SampleCandidate<O>[]
  /** Damaged checkpoints passed over for an older valid one; empty normally. */
  readonly warnings: string[]
}

/** The defaults of every sampling caller (the app, the CLI, the tests): the paper's noise, dropout on (spec §4.6). */
export const SAMPLE_DEFAULTS = { noiseScale: 1, dropout: true } as const

/** Options of `sample`. */
export interface SampleOptions<O extends SampleOutput = SampleOutput> {
  readonly runDir: string
  readonly checkpoint: CheckpointRef
  readonly seed: number
  readonly count: number
  /** Cells per candidate (including the primer's cells); default: the run's training length. */
  readonly length?: number
  /** Multiplies the uniform noise (default {@link SAMPLE_DEFAULTS}). */
  readonly noiseScale?: number
  /** Dropout on while sampling (default {@link SAMPLE_DEFAULTS}: on, faithful to spec §4.6). */
  readonly dropout?: boolean
  readonly prefixLockSteps?: number
  readonly tailSeed?: number
  readonly primer?: { readonly cells: Float32Array } | { readonly song: Song }
  readonly rank?: boolean
  /**
   * The training pieces to measure memorisation against: an index, or how to build one from the run's config (so
   * the checkpoint is read once, here, even when the index depends on the run's tones per cell).
   */
  readonly memorisation?: MemorisationIndex | ((config: TrainConfig) => Promise<MemorisationIndex>)
  readonly pitchMode?: 'faithful' | 'corrected'
  /** The outputs each candidate carries (ask only for what you use). */
  readonly outputs: readonly O[]
}

/**
 * A model loaded from a checkpoint, with its config; the caller disposes `model`. For 'latest' / 'best', damaged
 * checkpoints are passed over for the newest valid one, each named in `warnings`.
 * @throws NoCheckpointError when the run has no usable checkpoint (never an empty or untrained model).
 */
export async function loadRunModel(
  runDir: string,
  ref: CheckpointRef,
): Promise<{ model: CrnnGan; config: TrainConfig; epoch: number; path: string; warnings: string[] }> {
  const { path, data: ck, skipped } = await loadValidCheckpoint(runDir, ref, { optimizer: false })
  const warnings = skipped.map((s) => `skipped a damaged checkpoint: ${s.reason}`)
  if (skipped.length > 0) warnings.push(`sampled from the newest valid checkpoint instead: ${path}`)
  const model = modelWithWeights(ck.config, ck.weights)
  return { model, config: ck.config, epoch: ck.state.epoch, path, warnings }
}

/** D's mean probability per candidate (dropout off), model-space cells [count, length, F]. */
export function criticScores(model: CrnnGan, cells: Float32Array, count: number, length: number): number[] {
  const F = model.spec.features
  const p = tf.tidy(
    () => model.discriminate(tf.tensor3d(cells, [count, length, F]), { dropout: false, seed: 0 }).prob,
  )
  const out = Array.from(p.dataSync())
  p.dispose()
  return out
}

/**
 * Refuses, before any work, a request the WebAssembly kernel (when it runs the model here) has no memory for.
 * @throws KernelMemoryError naming the largest count and count × length that fit.
 */
function checkKernelBudget(model: CrnnGan, o: { count: number; length: number; rank?: boolean }): void {
  const kernel = getKernel()
  if (!kernel || implementationFor('auto').name !== 'kernel') return
  const s = model.spec
  const dims = {
    F: s.features,
    Z: noiseDimOf(s),
    DI: dInputWidth(s),
    H: s.hidden,
    layersG: s.layersG,
    layersD: s.layersD,
  }
  checkSampleFits(dims, { count: o.count, length: o.length, rank: o.rank === true }, kernel.reservedBytes)
}

/** Samples `count` candidates from the run's checkpoint (read once); ranked best first by D when `rank`. */
export async function sample<O extends SampleOutput>(o: SampleOptions<O>): Promise<SampleResult<O>> {
  const { model, config, epoch, warnings } = await loadRunModel(o.runDir, o.checkpoint)
  try {
    const length = o.length ?? config.data.maxLength
    checkKernelBudget(model, { count: o.count, length, rank: o.rank })
    const memorisation = typeof o.memorisation === 'function' ? await o.memorisation(config) : o.memorisation
    const F = featureCount(config.model.tonesPerCell) // raw values per cell (model space may be wider)
    const K = config.model.tonesPerCell
    const pitchMode = o.pitchMode ?? config.pitchMode
    let primer: Float32Array | undefined
    if (o.primer) {
      const raw =
        'cells' in o.primer
          ? o.primer.cells
          : encodeCells(tonesFromSong(o.primer.song), { tonesPerCell: K, maxCells: Math.max(1, length - 1) })
              .data
      if (raw.length === 0) throw new Error('primer song has no notes')
      primer = toModelSpace(raw, F, config.model.features)
    }
    const cells = generateCells(model, {
      count: o.count,
      length,
      seed: o.seed,
      noiseScale: o.noiseScale ?? SAMPLE_DEFAULTS.noiseScale,
      dropout: o.dropout ?? SAMPLE_DEFAULTS.dropout,
      prefixLockSteps: o.prefixLockSteps,
      tailSeed: o.tailSeed,
      primer,
    })
    const scores = o.rank ? criticScores(model, cells, o.count, length) : null
    const raw = fromModelSpace(cells, F, config.model.features)
    const want = new Set<SampleOutput>(o.outputs)
    // The primer cells are real music: the writer reads their pitches back exactly even in 'faithful' mode.
    const realCells = primer ? primer.length / model.spec.features : 0
    const candidates: SampleCandidate<O>[] = []
    for (let c = 0; c < o.count; c++) {
      const x = raw.slice(c * length * F, (c + 1) * length * F)
      const opts = { tonesPerCell: K, pitchMode, name: `sample ${o.seed}/${c}`, realCells }
      const out: Partial<Record<SampleOutput, unknown>> = {}
      if (want.has('song')) out.song = cellsToSong(x, length, opts)
      if (want.has('midi')) out.midi = cellsToMidiBytes(x, length, opts)
      if (want.has('cells')) out.cells = floatTensor(x, [length, F])
      candidates.push({
        ...(out as Pick<SampleOutputs, O>),
        seed: o.seed,
        index: c,
        ...(scores ? { score: scores[c] } : {}),
        ...(memorisation ? { memorisation: longestSharedRun(x, F, memorisation) } : {}),
      })
    }
    if (scores) candidates.sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    return { checkpointEpoch: epoch, candidates, warnings }
  } finally {
    model.dispose()
  }
}
