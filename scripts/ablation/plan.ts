// The studio preset's ablation ladder (issue #9 §2): from the paper preset, one change per row, each row keeping
// the rows above it. Every row trains for the same wall-clock budget on the starter's public-domain split and is
// scored by the evaluation protocol on its piece-disjoint validation split.
import type { TrainConfig } from '../../src-main/ml/config/trainConfig'

type Over = Record<string, unknown>

/** One ablation row: what changes (in words) and the config overrides it adds. */
export interface AblationRow {
  readonly name: string
  readonly change: string
  readonly over: Over
}

/** Rows in order; row k's config = paper + overrides of rows 0..k. */
export const LADDER: readonly AblationRow[] = [
  {
    name: 'a00-paper',
    change: 'the paper preset (H 350, raw ticks/Hz/velocity, SGD, per-sample FM)',
    over: {},
  },
  {
    name: 'a01-size',
    change: 'H 192, batch 32 (≈ 3× the steps in the same time)',
    over: { model: { hidden: 192 }, data: { batchSize: 32 } },
  },
  {
    name: 'a02-space',
    change: 'studio feature space (log gaps and lengths, semitone pitch, velocity), rounded pitch',
    over: { model: { features: 'studio' }, pitchMode: 'corrected' },
  },
  { name: 'a03-chords', change: 'dt through max(0, ·): exact chords', over: { model: { output: 'reluDt' } } },
  {
    name: 'a04-adam',
    change: 'Adam 2e-4 (β₁ 0.5), no L2',
    over: { optim: { kind: 'adam', lrG: 2e-4, lrD: 2e-4, beta1: 0.5, l2: false } },
  },
  {
    name: 'a05-meanfm',
    change: 'mean feature matching + the non-saturating term',
    over: { adversarial: { fmMode: 'mean', nsWeight: 1 } },
  },
  { name: 'a06-noise', change: 'noise width 16 (was F = 4)', over: { model: { noiseDim: 16 } } },
  {
    name: 'a07-dropout',
    change: 'D sees every feature (input keep 1, layers 0.8), G keep 0.9',
    over: { model: { keepProb: 0.9, keepProbDInput: 1, keepProbD: 0.8 } },
  },
  {
    name: 'a08-dequant',
    change: 'dequantised real pitch/velocity for D, real label 0.9',
    over: { adversarial: { dequantize: true, realLabel: 0.9 } },
  },
  {
    name: 'a09-view',
    change: "D's music view (pitch class, rhythm grid)",
    over: { model: { dView: 'studioMusic' } },
  },
  {
    name: 'a10-windows',
    change: 'cover windows, short pieces skipped, 2 pretraining epochs, curriculum step 25',
    over: {
      data: { windows: 'cover', shortSongs: 'skip' },
      schedule: { pretrainEpochs: 2, curriculumStep: 25 },
    },
  },
]

/** Deep merge of plain objects (arrays and primitives replace). */
export function deepMerge(base: Over, over: Over): Over {
  const out: Over = { ...base }
  for (const [k, v] of Object.entries(over)) {
    const b = out[k]
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object'
        ? deepMerge(b as Over, v as Over)
        : v
  }
  return out
}

/** The overrides of row `index` (cumulative). */
export function rowOverrides(rows: readonly AblationRow[], index: number): Over {
  return rows.slice(0, index + 1).reduce((acc, r) => deepMerge(acc, r.over), {} as Over)
}

/** Keys of TrainConfig that a row may touch (a typo in a plan fails here, not silently). */
export const TOP_KEYS: readonly (keyof TrainConfig)[] = [
  'model',
  'data',
  'schedule',
  'optim',
  'adversarial',
  'pitchMode',
]
