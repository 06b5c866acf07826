// The versioned training configuration (`crnngan-train` v1): every hyperparameter of a run, validated with zod.
// Saved beside every checkpoint so a run can be resumed or audited; the defaults follow crnngan-spec §3–§4.
import { z } from 'zod'

/** Current config schema version; files with a newer version are refused. */
export const TRAIN_CONFIG_VERSION = 1

/** Code version stamped into configs and checkpoints (package.json version; no git at run time). */
export const CODE_VERSION = 'crnngan-studio 0.1.0'

/** Model hyperparameters (spec §3). Mapped onto the model engineer's ModelSpec by `toModelSpec`. */
export const modelConfigSchema = z.object({
  /** LSTM units per layer, G and D (paper 350). */
  hidden: z.number().int().min(1).max(2048),
  /** Tones per cell K: 1 (C-RNN-GAN) or 3 (C-RNN-GAN-3); F = 3K + 1. */
  tonesPerCell: z.union([z.literal(1), z.literal(3)]),
  layersG: z.number().int().min(1).max(4),
  layersD: z.number().int().min(1).max(4),
  /** Dropout keep probability on LSTM outputs and D's input (paper 0.5). */
  keepProb: z.number().gt(0).max(1),
  /**
   * Noise z ~ U[0, randomInputScale)^F per step (paper 1.0); maps to ModelSpec.noiseScale. Deviation: the original's
   * `random_input_scale` multiplies the noise *dimension* (⌊s·F⌋ values per step), not its range; the two agree
   * at the paper's 1.0, the only value the paper uses.
   */
  randomInputScale: z.number().gt(0).max(8),
  /**
   * 'raw' = spec units (ticks, Hz, velocity); 'normalized' = modern deviation (spec §8 tips); 'studio' = studio
   * deviation: log-compressed onset gaps and lengths (always positive), pitch in octaves from middle C, velocity
   * around 64 (see `training/features.ts`).
   */
  features: z.enum(['raw', 'normalized', 'studio', 'studioFifths']),
  /** Z, noise values per step (default: F, the paper). Deviation when set. */
  noiseDim: z.number().int().min(1).max(1024).optional(),
  /** G's output: 'linear' (paper) or 'reluDt' (dt ≥ 0, exact zeros = chords; studio deviation). */
  output: z.enum(['linear', 'reluDt']).default('linear'),
  /** Keep probability of D's input dropout (default keepProb, the paper's 0.5). */
  keepProbDInput: z.number().gt(0).max(1).optional(),
  /** Keep probability of D's LSTM-output dropout (default keepProb). */
  keepProbD: z.number().gt(0).max(1).optional(),
  /** D also reads periodic pitch-class and rhythm-grid features of the studio space (needs features 'studio'). */
  dView: z.enum(['cells', 'studioMusic', 'studioChroma']).default('cells'),
  /** 'studio': G's output snapped to 1/24 beat, semitones, integer velocity (straight-through); needs features 'studio'. */
  outputLattice: z.enum(['none', 'studio']).default('none'),
  /** Gradient factor from the music view back to G (1 = full, 0 = D reads the view but G learns only through the cells). */
  dViewGrad: z.number().min(0).max(1).default(1),
})

export const trainConfigSchema = z.object({
  type: z.literal('crnngan-train'),
  version: z.number().int().min(1),
  /** Name of the preset this config started from (informational). */
  preset: z.string(),
  codeVersion: z.string(),
  /** Dataset id in the library, or null when the data came from a folder/arrays. */
  datasetId: z.string().nullable(),
  /** Master seed: batching, noise, dropout masks, validation split, per-epoch samples. */
  seed: z.number().int().min(0).max(0xffffffff),
  model: modelConfigSchema,
  data: z.object({
    batchSize: z.number().int().min(1).max(1024),
    /** Maximum cells per sequence (paper 100). */
    maxLength: z.number().int().min(1).max(10_000),
    /** Fraction of songs held out for validation (seeded split). */
    validationFraction: z.number().min(0).max(0.9),
    /**
     * 'perSong' (paper): one random window per song per epoch, the list shuffled once. 'cover' (deviation): each
     * song gives ⌊cells / length⌋ (≥ 1) random windows per epoch and the windows are reshuffled every epoch, so an
     * epoch sees about every cell once and a small dataset still gets several steps per epoch.
     */
    windows: z.enum(['perSong', 'cover']).default('perSong'),
    /** Songs shorter than the current length: 'pad' with zeros (paper; D sees the zeros as real) or 'skip'. */
    shortSongs: z.enum(['pad', 'skip']).default('pad'),
  }),
  schedule: z.object({
    epochs: z.number().int().min(1).max(100_000),
    /** Teacher-forced MSE epochs before the adversarial phase (paper 6); ≥ epochs → MLE-only baseline. */
    pretrainEpochs: z.number().int().min(0),
    /**
     * Reproduce the author's pretraining bug (spec §4.1, §11.7): the teacher-forced unroll starts from the final
     * LSTM state of a free-running pass over the same noise instead of zero state. Default false (flagged fix).
     */
    pretrainCarryState: z.boolean().default(false),
    /** 'paper' = songlength min(step·(epoch+1), maxLength) into the adversarial phase; 'none' = maxLength. */
    curriculum: z.enum(['paper', 'none']),
    curriculumStep: z.number().int().min(1),
    /** Save a checkpoint every N epochs (paper 2). */
    checkpointEvery: z.number().int().min(1),
    /** Keep this many most recent checkpoints (plus the best by validation loss). */
    keepLast: z.number().int().min(1).max(1000),
    /** Per-epoch sample batch size for the metrics (paper 20). */
    samplesPerEpoch: z.number().int().min(0).max(256),
    /**
     * Studio deviation (null = off, the paper's behaviour): when `patience` epochs in a row score more than `drop`
     * below the best checkpoint's summary score, go back to that checkpoint with halved learning rates, at most
     * `maxRollbacks` times. Needs samples per epoch.
     */
    collapseGuard: z
      .object({
        drop: z.number().gt(0).lt(1),
        patience: z.number().int().min(1).max(100),
        maxRollbacks: z.number().int().min(0).max(20),
      })
      .nullable()
      .default(null),
  }),
  optim: z.object({
    kind: z.enum(['sgd', 'adam']),
    lrG: z.number().gt(0),
    lrD: z.number().gt(0),
    /** Global-norm clip per network (paper 5). */
    clipNorm: z.number().gt(0),
    /** Adam's β₁ (GANs usually train with 0.5; tfjs's default 0.9 keeps older runs identical). */
    beta1: z.number().min(0).max(0.999).default(0.9),
    /** L2 0.5·scale·Σw² over all G and D variables, added to every loss (spec §3.3: scale 0.1 → 0.05·Σw²). */
    l2: z.boolean(),
    l2Scale: z.number().min(0),
  }),
  adversarial: z.object({
    /** 'gan' = C-RNN-GAN; 'mleOnly' = the Figure 3b baseline (pretraining loss for every epoch). */
    mode: z.enum(['gan', 'mleOnly']),
    /** G loss = Σ (R(x) − R(G(z)))² (spec §4.2) instead of the standard non-saturating loss. */
    featureMatching: z.boolean(),
    /** 'paper' 70 % rule (default), 'codeExact' (spec §4.4 table), 'off'. */
    freezing: z.enum(['paper', 'codeExact', 'off']),
    freezeRatio: z.number().gt(0).max(1),
    /** Real label for D (1 = paper; 0.9 = one-sided smoothing, modern deviation). */
    realLabel: z.number().gt(0).max(1),
    /** Added inside log() to avoid log(0) (documented deviation: the original is unguarded). */
    logEpsilon: z.number().min(0).max(0.1),
    /**
     * Feature matching: 'perSample' (the code: real b paired with fake b, summed over B·T·2H; its optimum is the
     * conditional mean, so G learns to ignore z) or 'mean' (Salimans et al. 2016: squared distance of the batch-and-
     * time means of D's features, summed over 2H; deviation).
     */
    fmMode: z.enum(['perSample', 'mean']).default('perSample'),
    /** Weight of the non-saturating L_G added to G's objective when feature matching is on (0 = paper). */
    nsWeight: z.number().min(0).default(0),
    /**
     * Dequantise real data for D (deviation): pitch + U(−½, ½) semitone, velocity + U(−½, ½), so D cannot tell
     * G's continuous outputs from real ones by their fractional part alone; the writer rounds them back.
     */
    dequantize: z.boolean().default(false),
    /** Std of Gaussian instance noise added to every D input, real and fake (0 = paper). */
    instanceNoise: z.number().min(0).max(10).default(0),
  }),
  /**
   * Fine-tuning: the run started from this run's checkpoint (its G and D weights) instead of a fresh
   * initialisation. Informational (the weights are in the run's first checkpoint); null = trained from scratch.
   */
  startFrom: z
    .object({ run: z.string().min(1), checkpointEpoch: z.number().int().min(0) })
    .nullable()
    .default(null),
  /** Pitch conversion for per-epoch sample MIDI: 'faithful' = code-exact int(), 'corrected' = rounded. */
  pitchMode: z.enum(['faithful', 'corrected']),
  /**
   * Counters of the per-epoch sample and reference metrics: 'corrected' (paper definitions, default) or 'codeExact'
   * (midi_statistics.py's polyphony, unwrapped scale test and off-by-one repetitions, as Figure 3 plots them).
   */
  metricsVariant: z.enum(['corrected', 'codeExact']).default('corrected'),
})

/** A complete, validated training configuration. */
export type TrainConfig = z.infer<typeof trainConfigSchema>
/** Model part of a TrainConfig. */
export type ModelConfig = z.infer<typeof modelConfigSchema>

/**
 * Validates an unknown value (e.g. parsed JSON) as a TrainConfig.
 * @throws Error naming `source` and the first offending fields; a clear message for a newer version.
 */
export function parseTrainConfig(value: unknown, source = 'config'): TrainConfig {
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>
    if (v.type !== undefined && v.type !== 'crnngan-train')
      throw new Error(`${source}: not a training config (type '${String(v.type)}', expected 'crnngan-train')`)
    if (typeof v.version === 'number' && v.version > TRAIN_CONFIG_VERSION)
      throw new Error(
        `${source}: config version ${v.version} is newer than this build supports (${TRAIN_CONFIG_VERSION}); update the studio`,
      )
  }
  const r = trainConfigSchema.safeParse(value)
  if (!r.success) {
    const issues = r.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ')
    throw new Error(`${source}: invalid training config: ${issues}`)
  }
  return r.data
}
