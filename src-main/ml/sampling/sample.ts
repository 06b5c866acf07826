// Generates phrases from a saved checkpoint: seeded, byte-reproducible, with partial reroll, primed continuation,
// critic ranking (D with dropout off) and a memorisation figure per candidate. Returns Songs + MIDI + features.
import * as tf from '@tensorflow/tfjs'
import { featureCount, encodeCells } from '../../common/crnngan/cells'
import { tonesFromSong } from '../../common/crnngan/tones'
import { cellsToMidiBytes, cellsToSong } from '../../common/crnngan/writer'
import { floatTensor } from '../../common/ipc/tensorPayload'
import type { Song } from '../../common/music/song'
import { loadValidCheckpoint } from '../checkpoints/select'
import type { TrainConfig } from '../config/trainConfig'
import type { CheckpointRef, SampleCandidate } from '../host/protocol'
import { dInputWidth, noiseDimOf, type CrnnGan } from '../model/types'
import { implementationFor } from '../model/impls'
import { getKernel } from '../ops/wasm/kernel'
import { checkSampleFits } from '../ops/wasm/kernelBudget'
import { fromModelSpace, toModelSpace } from '../training/features'
import { modelWithWeights } from '../training/modelFactory'
import { generateCells } from './generateCells'
import { longestSharedRun, type MemorisationIndex } from './memorisation'

/** Options of `sample`. */
export interface SampleOptions {
  readonly runDir: string
  readonly checkpoint: CheckpointRef
  readonly seed: number
  readonly count: number
  /** Cells per candidate (including the primer's cells). */
  readonly length: number
  readonly noiseScale?: number
  /** Dropout on while sampling (default true: faithful, spec §4.6). */
  readonly dropout?: boolean
  readonly prefixLockSteps?: number
  readonly tailSeed?: number
  readonly primer?: { readonly cells: Float32Array } | { readonly song: Song }
  readonly rank?: boolean
  readonly memorisation?: MemorisationIndex
  readonly pitchMode?: 'faithful' | 'corrected'
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
function checkKernelBudget(model: CrnnGan, o: SampleOptions): void {
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

/** Samples `count` candidates from the run's checkpoint; ranked best first by D when `rank`. */
export async function sample(
  o: SampleOptions,
): Promise<{ checkpointEpoch: number; candidates: SampleCandidate[]; warnings: string[] }> {
  const { model, config, epoch, warnings } = await loadRunModel(o.runDir, o.checkpoint)
  try {
    checkKernelBudget(model, o)
    const F = featureCount(config.model.tonesPerCell) // raw values per cell (model space may be wider)
    const K = config.model.tonesPerCell
    const pitchMode = o.pitchMode ?? config.pitchMode
    let primer: Float32Array | undefined
    if (o.primer) {
      const raw =
        'cells' in o.primer
          ? o.primer.cells
          : encodeCells(tonesFromSong(o.primer.song), {
              tonesPerCell: K,
              maxCells: Math.max(1, o.length - 1),
            }).data
      if (raw.length === 0) throw new Error('primer song has no notes')
      primer = toModelSpace(raw, F, config.model.features)
    }
    const cells = generateCells(model, {
      count: o.count,
      length: o.length,
      seed: o.seed,
      noiseScale: o.noiseScale ?? 1,
      dropout: o.dropout ?? true,
      prefixLockSteps: o.prefixLockSteps,
      tailSeed: o.tailSeed,
      primer,
    })
    const scores = o.rank ? criticScores(model, cells, o.count, o.length) : null
    const raw = fromModelSpace(cells, F, config.model.features)
    const candidates: SampleCandidate[] = []
    for (let c = 0; c < o.count; c++) {
      const x = raw.slice(c * o.length * F, (c + 1) * o.length * F)
      // The primer cells are real music: the writer reads their pitches back exactly even in 'faithful' mode.
      const realCells = primer ? primer.length / model.spec.features : 0
      const opts = { tonesPerCell: K, pitchMode, name: `sample ${o.seed}/${c}`, realCells }
      candidates.push({
        song: cellsToSong(x, o.length, opts),
        midi: cellsToMidiBytes(x, o.length, opts),
        features: floatTensor(x, [o.length, F]),
        seed: o.seed,
        index: c,
        ...(scores ? { score: scores[c] } : {}),
        ...(o.memorisation ? { memorisation: longestSharedRun(x, F, o.memorisation) } : {}),
      })
    }
    if (scores) candidates.sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    return { checkpointEpoch: epoch, candidates, warnings }
  } finally {
    model.dispose()
  }
}
