// Training and generation shapes that cross IPC. Main's TrainingService maps the engine host's protocol to these,
// so the renderer never depends on src-main/ml.
import { z } from 'zod'
import type { SixMetrics } from '../metrics/sixMetrics'
import type { TrainFailureCode } from './engineErrors'
import type { Song } from '../music/song'

/**
 * A whole number in [lo, hi] whose every failure (not a number, a fraction, out of range) reads "must be a whole
 * number … from lo to hi": main names the field before it, the Compose form shows it by the field.
 */
const wholeIn = (lo: number, hi: number, of = '') => {
  const error = `must be a whole number${of} from ${lo} to ${hi}`
  return z.number({ error }).int({ error }).min(lo, { error }).max(hi, { error })
}

/** A run or sampling seed: an integer in [0, 2³¹ − 1]. */
const seedSchema = wholeIn(0, 2 ** 31 - 1)

/** A run id or a shipped model's name ('starter', 'starter-paper'), as `train:list` names them. */
const runIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'expected a run id of letters, digits, _ . -')

/** 'latest' | 'best' | epoch number N (the checkpoint saved at the end of epoch N). */
export const checkpointRefSchema = z.union([z.enum(['latest', 'best']), z.number().int().min(0).max(100_000)])
export type CheckpointRefDto = z.infer<typeof checkpointRefSchema>

/**
 * Fine-tuning: the model a new run starts from (its G and D): a run id or a shipped model's name, resolved to a
 * folder in main (never a path from the page), and which of its checkpoints (default 'latest').
 */
export const startFromSchema = z
  .object({ run: runIdSchema, checkpoint: checkpointRefSchema.optional() })
  .strict()
export type StartFromDto = z.infer<typeof startFromSchema>

/**
 * Request schema of `train:start`. Sizes are small integers; the engine validates musical sense. A new model needs
 * a `preset`; a fine-tuning run (`startFrom`) takes its preset and model shape from the source instead, so it must
 * leave out `preset` and every `model.*` option.
 */
export const trainStartSchema = z
  .object({
    datasetId: z.string().min(1).max(128),
    /** Engine preset ('studio' | 'quick' | 'tiny' | 'paper' | …); the engine rejects unknown names. */
    preset: z.string().min(1).max(40).optional(),
    /** Epochs to run, 1..100000. */
    epochs: z.number().int().min(1).max(100_000),
    /** Seed for weights, noise and batching (reproducible runs). */
    seed: seedSchema,
    /** Config overrides by dotted path, e.g. {'model.hidden': 16, 'data.maxLength': 8, 'data.batchSize': 4}. */
    options: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
    /** Fine-tune this model instead of training a new one. */
    startFrom: startFromSchema.optional(),
  })
  .strict()
  .superRefine((req, ctx) => {
    if (req.startFrom === undefined && req.preset === undefined)
      ctx.addIssue({ code: 'custom', path: ['preset'], message: 'is required (or startFrom, to fine-tune)' })
    if (req.startFrom !== undefined && req.preset !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['preset'],
        message: 'must be left out when fine-tuning: the preset comes from the startFrom model',
      })
    const shape = Object.keys(req.options ?? {}).find((k) => k.startsWith('model.'))
    if (req.startFrom !== undefined && shape !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['options', shape],
        message: 'cannot change when fine-tuning: the model shape comes from the startFrom model',
      })
  })
export type TrainStartRequest = z.infer<typeof trainStartSchema>

/** `train:progress`: sent at most a few times per second. Losses are per-batch means. */
export interface TrainProgress {
  readonly runId: string
  readonly epoch: number
  readonly epochs: number
  readonly step: number
  readonly stepsPerEpoch: number
  readonly dLoss: number
  readonly gLoss: number
  readonly etaSeconds: number | null
  /** 'pretrain' = teacher-forced MSE epochs (spec §4.1), then 'adversarial'. */
  readonly phase: TrainPhase
  /** Feature-matching G loss (+ reg); NaN when the run does not use it. */
  readonly gLossFeatureMatching: number
  /** Teacher-forced MSE (+ reg) while pretraining; NaN otherwise. */
  readonly mseLoss: number
  /** Whether D / G skipped their update on this batch (spec §4.4 freezing). */
  readonly freezeD: boolean
  readonly freezeG: boolean
  /** Training batches per second since (re)start. */
  readonly stepsPerSecond: number
  /** tf backend in use ('tensorflow' | 'wasm' | 'cpu'). */
  readonly backend: string
  /** Cells per sequence this epoch (curriculum). */
  readonly songLength: number
}

/** `train:finished`: the run ended normally or was stopped; `checkpoint` names the last saved one. */
export interface TrainFinished {
  readonly runId: string
  readonly stopped: boolean
  readonly checkpoint: string | null
}

/** `train:failed`: code 'trainer-crashed' when the engine process died; `canResume` if a checkpoint exists. */
export interface TrainFailed {
  readonly runId: string
  readonly code: TrainFailureCode
  readonly message: string
  readonly canResume: boolean
}

/**
 * The longest phrase `generate:sample` makes: its `length` in events (cells), a primer's included, so also the most
 * notes a primer has and the most steps a reroll keeps. The renderer caps a length in bars at it too.
 */
export const MAX_SAMPLE_LENGTH = 4096

/** A primer for continuation: notes in ticks of `ppq` (the editor selection), at most {@link MAX_SAMPLE_LENGTH}. */
export const primerSchema = z
  .object({
    ppq: z.number().int().min(1).max(100_000),
    bpm: z.number().gt(0).max(1000),
    notes: z
      .array(
        z
          .object({
            pitch: z.number().int().min(0).max(127),
            startTick: z.number().min(0),
            durationTicks: z.number().gt(0),
            velocity: z.number().int().min(1).max(127),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_SAMPLE_LENGTH),
  })
  .strict()
export type PrimerDto = z.infer<typeof primerSchema>

const NOISE_RANGE = 'must be a number above 0, at most 8'

/**
 * Request schema of `generate:sample`. Within these limits, count × length is further bounded by the engine's kernel
 * memory for the run's model (for the paper model 32 × 4096 does not fit; its training length does at 32): such a
 * request fails with 'invalid-request', naming the largest count and count × length that fit, before any work.
 */
export const generateSampleSchema = z
  .object({
    runId: z.string().min(1).max(128),
    /** Number of phrases, 1..32. */
    count: wholeIn(1, 32, ' of phrases'),
    seed: seedSchema,
    /** Events (cells) per phrase, 1..MAX_SAMPLE_LENGTH, a primer's included; default: the run's training length. */
    length: wholeIn(1, MAX_SAMPLE_LENGTH, ' of events').optional(),
    /** Which checkpoint: 'latest' (default), 'best' (validation loss) or the one saved after epoch N. */
    checkpoint: checkpointRefSchema.optional(),
    /** Multiplies the uniform noise z (1 = paper), (0, 8]. */
    noiseScale: z
      .number({ error: NOISE_RANGE })
      .gt(0, { error: NOISE_RANGE })
      .max(8, { error: NOISE_RANGE })
      .optional(),
    /** Partial reroll: keep the first k steps' noise from `seed`, redraw the rest from `tailSeed`. */
    prefixLockSteps: z.number().int().min(0).max(MAX_SAMPLE_LENGTH).optional(),
    tailSeed: seedSchema.optional(),
    /** Continuation: teacher-force these notes, then run free. */
    primer: primerSchema.optional(),
    /** Score with D (dropout off) and return best first. */
    rank: z.boolean().optional(),
    /** Report the longest run shared with a training piece (memorisation check). */
    memorisation: z.boolean().optional(),
  })
  .strict()
export type GenerateSampleRequest = z.infer<typeof generateSampleSchema>

/** One generated phrase with what made it (for provenance). */
export interface GeneratedPhrase {
  readonly song: Song
  readonly seed: number
  /** Discriminator score (mean probability of "real"), when ranked. */
  readonly score?: number
  /** Position in the generated batch before ranking; with seed + settings it identifies the phrase. */
  readonly index: number
  /** Longest run of (interval, rhythm) events shared with one training piece, when requested. */
  readonly memorisation?: { readonly longestRun: number; readonly piece: string | null }
}

/** Answer of `generate:sample`. */
export interface GeneratedPhrases {
  readonly runId: string
  /** Epoch of the checkpoint used. */
  readonly checkpointEpoch: number
  readonly phrases: readonly GeneratedPhrase[]
}

/** A training run as listed by `train:list`. */
export interface RunSummary {
  readonly runId: string
  readonly datasetId: string
  readonly state: 'running' | 'finished' | 'stopped' | 'failed'
  readonly epochsDone: number
  readonly epochs: number
  readonly checkpoint: string | null
  /** Preset the run started from, and its master seed. */
  readonly preset: string
  readonly seed: number
  /** True while a running run is paused. */
  readonly paused: boolean
  /** Saved checkpoints, oldest first. */
  readonly checkpoints: readonly CheckpointSummary[]
  /** A fine-tuning run: the run or shipped model it started from, and that checkpoint's epoch; null otherwise. */
  readonly startFrom?: { readonly run: string; readonly checkpointEpoch: number } | null
}

/** Answer of `model:card`: a shipped model's card (markdown, rendered by the page as text, never as HTML). */
export interface ModelCard {
  readonly name: string
  readonly label: string
  readonly markdown: string
}

/** Answer of `run:export`: the written `.crnnrun` and the checkpoint folders it holds. */
export interface RunExported {
  readonly path: string
  readonly bytes: number
  readonly checkpoints: readonly string[]
}

/** One saved checkpoint of a run. `epoch` = completed epochs when saved (use it as `generate:sample` checkpoint). */
export interface CheckpointSummary {
  readonly epoch: number
  /** Batch within `epoch` (0 = saved at an epoch boundary, addressable by epoch number). */
  readonly step: number
  readonly reason: string
  readonly isBest: boolean
  /** Teacher-forced validation MSE at save time; NaN if none. */
  readonly validationLoss: number
}

/** 'pretrain' (teacher forcing) or 'adversarial'. */
export type TrainPhase = 'pretrain' | 'adversarial'

/** The six paper metrics (spec §5); scale consistency and polyphony in 0..1; NaN = no data. */
export type SixMetricsDto = SixMetrics

/** p10 / p50 / p90 of a distribution. */
export interface PercentilesDto {
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

/**
 * The evaluation protocol's summary of one epoch's samples against the reference windows (src-main/ml/evaluation;
 * README engine › Evaluation protocol). NaN = could not be computed.
 */
export interface EpochEvaluationDto {
  /** EVAL_PROTOCOL_VERSION the numbers come from. */
  readonly version: number
  /** Summary score in [0, 1], 1 = like the real data: the mean of the finite `components`. */
  readonly score: number
  /** The summary's components, each in [0, 1], with a composer-facing label. */
  readonly components: readonly { readonly key: string; readonly label: string; readonly value: number }[]
  /** Notes written per generated event (K = 3 may exceed 1), and the same for the real windows. */
  readonly keptNotesPerEvent: number
  readonly realNotesPerEvent: number
  /** Velocities of all written notes of the samples, and of the real windows. */
  readonly velocity: PercentilesDto
  readonly realVelocity: PercentilesDto
  /** |accuracy − 0.5| of the post-hoc classifier (0 = indistinguishable); null when not computable. */
  readonly discriminative: number | null
  readonly samples: number
  readonly realWindows: number
}

/** `train:epoch`: end-of-epoch measurements (the live Figure 3). */
export interface TrainEpoch {
  readonly runId: string
  /** Completed epoch, 0-based index of the epoch that just ended. */
  readonly epoch: number
  readonly phase: TrainPhase
  readonly songLength: number
  /** Teacher-forced validation MSE; NaN if there are no validation songs. */
  readonly validationLoss: number
  /** Batch means over this epoch's samples. */
  readonly metrics: SixMetricsDto
  /** Means over real training windows of the same length. */
  readonly reference: SixMetricsDto
  /** 10th and 90th percentile over those real windows; null when they could not be computed. */
  readonly referenceBand: { readonly p10: SixMetricsDto; readonly p90: SixMetricsDto } | null
  /** MIDI bytes of the epoch's first sample (empty when samplesPerEpoch is 0). */
  readonly sampleMidi: Uint8Array
  /** The evaluation protocol's summary of this epoch's samples; null when samplesPerEpoch is 0. */
  readonly evaluation: EpochEvaluationDto | null
}

/** `train:checkpoint`: a checkpoint was saved. */
export interface TrainCheckpoint extends CheckpointSummary {
  readonly runId: string
}

/**
 * `train:rollback`: NaN/Inf appeared (`cause` 'nonFinite'), or the samples collapsed under the collapse guard
 * ('collapse'); the run went back to an earlier checkpoint (the best one for a collapse) with halved learning rates.
 */
export interface TrainRollback {
  readonly runId: string
  readonly epoch: number
  readonly restoredEpoch: number
  readonly cause: RollbackCause
  readonly reason: string
}

/** Why a run rolled back. */
export type RollbackCause = 'nonFinite' | 'collapse'

/** A preset's defaults, for the Train screen's advanced fields (answer of `train:presets`). */
export interface PresetInfo {
  readonly name: string
  /** Display name and one-line description for a composer (ml/config/presets.ts PRESET_INFO). */
  readonly label: string
  readonly description: string
  /** Share of the files held out for validation (the rest is trained on). */
  readonly validationFraction: number
  readonly epochs: number
  readonly pretrainEpochs: number
  readonly hidden: number
  readonly tonesPerCell: number
  readonly batchSize: number
  readonly maxLength: number
  /** How an epoch cuts windows (TrainConfig.data.windows / shortSongs). */
  readonly windows: 'perSong' | 'cover'
  readonly shortSongs: 'pad' | 'skip'
  readonly optimizer: 'sgd' | 'adam'
  readonly lrG: number
  readonly lrD: number
  /** 'paper' | 'codeExact' | 'off'. */
  readonly freezing: string
  readonly seed: number
}
