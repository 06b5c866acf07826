// End-of-epoch measurements (crnngan-spec §4.5): validation loss, a seeded batch of samples scored with the six
// paper metrics and with the evaluation protocol, and the dataset's reference over real windows of the same length.
import * as tf from '@tensorflow/tfjs'
import { cellsToMidiBytes } from '../../common/crnngan/writer'
import type { EpochEvaluationDto } from '../../common/ipc/training'
import { evaluateAgainst, evaluationDto, prepareReal, type RealReference } from '../evaluation/index'
import type { TrainConfig } from '../config/trainConfig'
import type { SixMetrics } from '../../common/metrics/sixMetrics'
import { noiseDimOf, type CrnnGan } from '../model/types'
import { NO_METRICS, batchMetrics } from '../sampling/cellMetrics'
import { generateCells } from '../sampling/generateCells'
import { buildBatch, epochWindowStarts, type SongCells } from './batching'
import { fromModelSpace } from './features'
import { STREAM, deriveSeed, uniformArray } from './seeds'
import { pretrainStep } from './trainStep'
import { featureCount } from '../../common/crnngan/cells'

/** Teacher-forced MSE (+ reg) over the validation songs in batches of ≤ batchSize, fixed windows; NaN if none. */
export async function validationLoss(
  model: CrnnGan,
  config: TrainConfig,
  songs: readonly SongCells[],
  length: number,
): Promise<number> {
  if (songs.length === 0) return NaN
  const F = model.spec.features
  const seed = deriveSeed(config.seed, STREAM.validation)
  const starts = epochWindowStarts(songs, F, length, seed, 0, STREAM.validation)
  const B = Math.min(config.data.batchSize, songs.length)
  let total = 0
  let n = 0
  for (let i = 0; i < Math.floor(songs.length / B); i++) {
    const batch = buildBatch(songs, starts, F, length, B, i)
    const s = deriveSeed(seed, i)
    const real = tf.tensor3d(batch, [B, length, F])
    const Z = noiseDimOf(model.spec)
    const z = tf.tensor3d(uniformArray(s, B * length * Z, model.spec.noiseScale), [B, length, Z])
    const y0 = tf.tensor2d(uniformArray(s + 1, B * F), [B, F])
    const l = pretrainStep(model, config, { real, z, y0, seedG: s, seedDReal: s, seedDFake: s }, null)
    total += (await l.mse.data())[0]
    n++
    tf.dispose([real, z, y0, l.d, l.g, l.fm, l.mse])
  }
  return n > 0 ? total / n : NaN
}

/** The epoch's samples: six-metric means, the first sample's MIDI and all samples as raw cells (run's pitch mode). */
export function epochSamples(
  model: CrnnGan,
  config: TrainConfig,
  epoch: number,
  length: number,
): { metrics: SixMetrics; sampleMidi: Uint8Array; raw: Float32Array } {
  const count = config.schedule.samplesPerEpoch
  if (count === 0) return { metrics: NO_METRICS, sampleMidi: new Uint8Array(), raw: new Float32Array() }
  const K = config.model.tonesPerCell
  const F = featureCount(K) // raw values per cell (model space may be wider)
  const cells = generateCells(model, {
    count,
    length,
    seed: deriveSeed(config.seed, STREAM.samples, epoch),
    noiseScale: 1,
    dropout: true,
  })
  const raw = fromModelSpace(cells, F, config.model.features)
  const sampleMidi = cellsToMidiBytes(raw.subarray(0, length * F), length, {
    tonesPerCell: K,
    pitchMode: config.pitchMode,
  })
  return {
    metrics: batchMetrics(raw, count, length, K, config.pitchMode, config.metricsVariant),
    sampleMidi,
    raw,
  }
}

/** The reference songs and seed of an epoch's real windows (shared by ReferenceMetrics and EpochEvaluator). */
function referenceWindows(
  config: TrainConfig,
  rawSongs: readonly SongCells[],
  length: number,
): { songs: readonly SongCells[]; cells: Float32Array } | null {
  const F = featureCount(config.model.tonesPerCell)
  const songs = rawSongs.slice(0, 50)
  if (songs.length === 0 || config.schedule.samplesPerEpoch === 0) return null
  const starts = epochWindowStarts(songs, F, length, deriveSeed(config.seed, STREAM.samples), 0)
  return { songs, cells: buildBatch(songs, starts, F, length, songs.length, 0) }
}

/**
 * The evaluation protocol of each epoch's samples against the same real windows ReferenceMetrics averages
 * (training split, up to 50 songs, seeded); the real side is measured once per length. The protocol seed is fixed
 * per run, so epochs are compared on the same ceilings and classifier initialisation.
 */
export class EpochEvaluator {
  readonly #cache = new Map<number, RealReference | null>()
  readonly #seed: number
  constructor(
    private readonly config: TrainConfig,
    private readonly rawSongs: readonly SongCells[],
  ) {
    this.#seed = deriveSeed(config.seed, STREAM.samples)
  }

  #reference(length: number): RealReference | null {
    if (this.#cache.has(length)) return this.#cache.get(length) ?? null
    const w = referenceWindows(this.config, this.rawSongs, length)
    const ref = w
      ? prepareReal(
          { cells: w.cells, count: w.songs.length, length },
          this.config.model.tonesPerCell,
          this.#seed,
        )
      : null
    this.#cache.set(length, ref)
    return ref
  }

  /** Summary of `raw` ([count, length, F] raw cells of this epoch's samples); null without samples or songs. */
  async evaluate(raw: Float32Array, count: number, length: number): Promise<EpochEvaluationDto | null> {
    const ref = count > 0 ? this.#reference(length) : null
    if (!ref) return null
    const report = await evaluateAgainst({ cells: raw, count, length }, ref, {
      seed: this.#seed,
      pitchMode: this.config.pitchMode,
    })
    return evaluationDto(report)
  }
}

/**
 * Reference metrics of real windows (raw training songs, up to 50, seeded windows), cached per length. Pitch is
 * always recovered by rounding, whatever the run's `pitchMode` (which applies to generated samples only).
 */
export class ReferenceMetrics {
  readonly #cache = new Map<number, SixMetrics>()
  constructor(
    private readonly config: TrainConfig,
    private readonly rawSongs: readonly SongCells[],
  ) {}

  at(length: number): SixMetrics {
    const hit = this.#cache.get(length)
    if (hit) return hit
    const K = this.config.model.tonesPerCell
    const w = referenceWindows(this.config, this.rawSongs, length)
    // Real cells hold exact semitone frequencies as float32: int() would read 85 of 128 pitches a semitone low
    // (spec §2.5), so real windows are always read back by rounding, as the spec's §6.3 reference numbers are.
    const m = w
      ? batchMetrics(w.cells, w.songs.length, length, K, 'corrected', this.config.metricsVariant)
      : NO_METRICS
    this.#cache.set(length, m)
    return m
  }
}
