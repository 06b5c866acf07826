// Named training presets: `paper` follows crnngan-spec §4 exactly; `modern` is a clearly labelled deviation.
// `makeConfig(preset, overrides)` returns a validated TrainConfig.
import { CODE_VERSION, TRAIN_CONFIG_VERSION, parseTrainConfig, type TrainConfig } from './trainConfig'

/** Preset names accepted by `makeConfig` and `crnngan train --preset`. */
export const PRESET_NAMES = ['studio', 'quick', 'tiny', 'paper', 'paper3', 'baseline', 'modern'] as const
export type PresetName = (typeof PRESET_NAMES)[number]

/** spec §3–§4: H 350, K 1, batch 20, length 100, 6 teacher-forced epochs, SGD G 0.1 / D 0.05, clip 5, L2 on. */
const paper: TrainConfig = {
  type: 'crnngan-train',
  version: TRAIN_CONFIG_VERSION,
  preset: 'paper',
  codeVersion: CODE_VERSION,
  datasetId: null,
  seed: 1234,
  model: {
    hidden: 350,
    tonesPerCell: 1,
    layersG: 2,
    layersD: 2,
    keepProb: 0.5,
    randomInputScale: 1,
    features: 'raw',
    output: 'linear',
    dView: 'cells',
    dViewGrad: 1,
    outputLattice: 'none',
  },
  data: { batchSize: 20, maxLength: 100, validationFraction: 0.1, windows: 'perSong', shortSongs: 'pad' },
  schedule: {
    epochs: 120,
    pretrainEpochs: 6,
    pretrainCarryState: false,
    curriculum: 'paper',
    curriculumStep: 4,
    checkpointEvery: 2,
    keepLast: 3,
    samplesPerEpoch: 20,
    collapseGuard: null,
  },
  optim: { kind: 'sgd', lrG: 0.1, lrD: 0.05, clipNorm: 5, beta1: 0.9, l2: true, l2Scale: 0.1 },
  adversarial: {
    mode: 'gan',
    featureMatching: true,
    freezing: 'paper',
    freezeRatio: 0.7,
    realLabel: 1,
    logEpsilon: 1e-7,
    fmMode: 'perSample',
    nsWeight: 0,
    dequantize: false,
    instanceNoise: 0,
  },
  startFrom: null,
  pitchMode: 'faithful',
  metricsVariant: 'corrected',
}

/** Deep-merges plain objects (arrays and primitives replace). */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] }
function merge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  for (const [k, v] of Object.entries(over)) {
    const b = out[k]
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object'
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v
  }
  return out as T
}

/** The studio recipe's model (README "The studio preset": each line is an ablation row). */
/**
 * The studio recipes' collapse guard: the starter run collapsed at epoch 157 (samples over the whole keyboard, score
 * far below its best) and never recovered; three epochs 0.15 below the best saved score send it back there.
 */
const COLLAPSE_GUARD = { drop: 0.15, patience: 3, maxRollbacks: 2 }

const STUDIO_MODEL = {
  hidden: 128,
  features: 'studioFifths',
  output: 'reluDt',
  outputLattice: 'studio',
  noiseDim: 16,
  keepProb: 0.9,
  keepProbDInput: 1,
  keepProbD: 0.8,
} as const
const STUDIO_ADVERSARIAL = {
  fmMode: 'mean',
  nsWeight: 1,
  freezing: 'off',
  realLabel: 0.9,
} as const

const presets: Record<PresetName, TrainConfig> = {
  paper,
  // C-RNN-GAN-3: three tones per cell, F = 10 (spec §4.8).
  paper3: merge(paper, { preset: 'paper3', model: { tonesPerCell: 3 } }),
  // Figure 3b baseline (spec §4.7): teacher-forced MSE only, same curriculum; the author's jobs did not pass L2.
  baseline: merge(paper, {
    preset: 'baseline',
    schedule: { epochs: 16, pretrainEpochs: 16 },
    optim: { l2: false },
    adversarial: { mode: 'mleOnly' },
  }),
  // Deviation (spec §8 tips): normalised MIDI-number features, Adam G 1e-4 / D 4e-4, one-sided label smoothing 0.9.
  modern: merge(paper, {
    preset: 'modern',
    model: { features: 'normalized' },
    optim: { kind: 'adam', lrG: 1e-4, lrD: 4e-4, l2: false },
    adversarial: { realLabel: 0.9 },
    pitchMode: 'corrected',
  }),
  // The studio's default (deviation, designed by ablation: README "The studio preset"). Every change targets one of
  // the paper model's failure modes: a feature space in which every output decodes to a playable note, dt ≥ 0 with
  // exact chords, wider noise and mean feature matching so G uses z, a D that sees every feature and cannot spot
  // fakes by their fractional pitch, Adam, and windows that cover each piece every epoch.
  studio: merge(paper, {
    preset: 'studio',
    model: STUDIO_MODEL,
    data: { batchSize: 32, windows: 'cover', shortSongs: 'skip' },
    schedule: {
      epochs: 300,
      pretrainEpochs: 2,
      curriculumStep: 25,
      checkpointEvery: 5,
      collapseGuard: COLLAPSE_GUARD,
    },
    optim: { kind: 'adam', lrG: 2e-4, lrD: 2e-4, beta1: 0.5, l2: false },
    adversarial: STUDIO_ADVERSARIAL,
    pitchMode: 'corrected',
  }),
  // The studio recipe, smaller and shorter: a personal model from a composer's own files in minutes.
  quick: merge(paper, {
    preset: 'quick',
    model: { ...STUDIO_MODEL, hidden: 96 },
    data: { batchSize: 32, maxLength: 64, windows: 'cover', shortSongs: 'skip' },
    schedule: {
      epochs: 40,
      pretrainEpochs: 2,
      curriculumStep: 16,
      checkpointEvery: 2,
      collapseGuard: COLLAPSE_GUARD,
    },
    optim: { kind: 'adam', lrG: 4e-4, lrD: 4e-4, beta1: 0.5, l2: false },
    adversarial: STUDIO_ADVERSARIAL,
    pitchMode: 'corrected',
  }),
  // Tests and quick looks: seconds per epoch on the JS cpu backend.
  tiny: merge(paper, {
    preset: 'tiny',
    model: { hidden: 16 },
    data: { batchSize: 4, maxLength: 16, validationFraction: 0.2 },
    schedule: { epochs: 3, pretrainEpochs: 1, checkpointEvery: 1, samplesPerEpoch: 4 },
  }),
}

/**
 * A validated config from a preset with optional deep overrides.
 * @throws Error naming the preset when unknown, or the offending field when an override is invalid.
 */
export function makeConfig(preset: string, overrides?: DeepPartial<TrainConfig>): TrainConfig {
  if (!(PRESET_NAMES as readonly string[]).includes(preset))
    throw new Error(`unknown preset '${preset}' (expected one of ${PRESET_NAMES.join(', ')})`)
  return parseTrainConfig(
    merge(structuredClone(presets[preset as PresetName]), overrides),
    `preset '${preset}'`,
  )
}

/**
 * `config` with deep overrides (e.g. a fine-tuning run's batch size), validated again.
 * @throws Error naming `where` and the offending field when an override is invalid.
 */
export function withOverrides(
  config: TrainConfig,
  overrides: DeepPartial<TrainConfig>,
  where: string,
): TrainConfig {
  return parseTrainConfig(merge(structuredClone(config), overrides), where)
}

/** What a fine-tuning run changes on top of its source run's config. */
export interface FineTuneOptions {
  /** The source, recorded in the new config (e.g. 'starter' or a run folder name) and its checkpoint's epoch. */
  readonly startFrom: { readonly run: string; readonly checkpointEpoch: number }
  readonly epochs: number
  readonly seed?: number
  readonly datasetId?: string | null
  /** Multiplies both learning rates (default 0.5: a trained model needs smaller steps than a fresh one). */
  readonly lrScale?: number
}

/**
 * The config of a run that continues `source`'s model (G and D) on new data: the same model section (so the weights
 * fit), no pretraining, no length curriculum (the model already handles full-length windows), 'cover' windows so
 * 20–50 files still give several steps per epoch, and smaller learning rates.
 */
export function fineTuneConfig(source: TrainConfig, o: FineTuneOptions): TrainConfig {
  const lrScale = o.lrScale ?? 0.5
  return parseTrainConfig(
    {
      ...source,
      preset: `${source.preset.replace(/\+finetune$/, '')}+finetune`,
      codeVersion: CODE_VERSION,
      datasetId: o.datasetId ?? null,
      seed: o.seed ?? source.seed,
      data: { ...source.data, windows: 'cover', shortSongs: 'skip', validationFraction: 0.1 },
      schedule: { ...source.schedule, epochs: o.epochs, pretrainEpochs: 0, curriculum: 'none' },
      optim: { ...source.optim, lrG: source.optim.lrG * lrScale, lrD: source.optim.lrD * lrScale },
      startFrom: o.startFrom,
    },
    `fine-tuning of '${o.startFrom.run}'`,
  )
}

/** How the Train screen names and describes a preset: one line in a composer's words. */
export interface PresetText {
  readonly label: string
  readonly description: string
}

/** Entries of presets that may not exist in this build; each is used only when its name is in PRESET_NAMES. */
const OPTIONAL_PRESET_INFO: Readonly<Record<'studio' | 'quick', PresetText>> = {
  studio: {
    label: 'Studio',
    description:
      'Recommended: the studio’s own recipe, tuned for music a composer keeps; 300 files take about 1½ hours on two cores.',
  },
  quick: {
    label: 'Quick',
    description: 'The studio recipe, smaller and shorter: a first model of your own 20–50 files.',
  },
}

/** One-line descriptions of the presets for the Train screen, in PRESET_NAMES order. */
export const PRESET_INFO: Readonly<Record<PresetName, PresetText>> = (() => {
  const known: Record<Exclude<PresetName, 'studio' | 'quick'>, PresetText> = {
    tiny: {
      label: 'Tiny',
      description: 'A test run in seconds: too small to learn music, only to try the screen.',
    },
    paper: {
      label: 'Paper',
      description: 'Mogren’s C-RNN-GAN exactly as published (2016): one note per step, slow, a reference.',
    },
    paper3: {
      label: 'Paper, chords',
      description: 'The paper’s model with up to three notes per step (C-RNN-GAN-3), so it can write chords.',
    },
    baseline: {
      label: 'Baseline',
      description:
        'No adversary, only next-note prediction: the paper’s comparison; tends to loop short figures.',
    },
    modern: {
      label: 'Modern',
      description:
        'The paper’s model with normalised features and Adam: steadier training, not the published recipe.',
    },
  }
  const all: Record<string, PresetText> = { ...known, ...OPTIONAL_PRESET_INFO }
  return Object.fromEntries(PRESET_NAMES.map((n) => [n, all[n]])) as Record<PresetName, PresetText>
})()
