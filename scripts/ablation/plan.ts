// The studio preset's ablation ladder (issue #9 §2): from the paper preset, one change per row, each row keeping
// the rows above it. Every row trains for the same wall-clock budget on the starter's public-domain split and is
// scored by the evaluation protocol on its piece-disjoint validation split.
import type { TrainConfig } from '../../src-main/ml/config/trainConfig'

type Over = Record<string, unknown>

/** One ablation row: what changes (in words), the config overrides it adds, and whether later rows keep it. */
export interface AblationRow {
  readonly name: string
  readonly change: string
  readonly over: Over
  /** false: trained and scored, but the ladder goes on without it (a change that did not pay). Default true. */
  readonly keep?: boolean
}

/** Rows in order; row k's config = paper + overrides of the kept rows above it + its own. */
export const LADDER: readonly AblationRow[] = [
  {
    name: 'a00-paper',
    change: 'the paper preset (H 350, raw ticks/Hz/velocity, SGD, per-sample FM)',
    over: {},
  },
  {
    name: 'a01-size',
    change: 'H 192, batch 32 (more steps in the same time)',
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
    change: 'Adam 2e-4 (β₁ 0.5), no L2, no freezing',
    over: {
      optim: { kind: 'adam', lrG: 2e-4, lrD: 2e-4, beta1: 0.5, l2: false },
      adversarial: { freezing: 'off' },
    },
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
    name: 'a08-lattice',
    change: 'output lattice (1/24 beat, semitones) with straight-through gradient, real label 0.9',
    over: { model: { outputLattice: 'studio' }, adversarial: { realLabel: 0.9 } },
  },
  {
    name: 'a09-view',
    change: "D's music view (pitch-class circles, rhythm-grid phases)",
    over: { model: { dView: 'studioMusic' } },
    keep: false,
  },
  {
    name: 'a10-fifths',
    change: 'pitch class also on the circle of fifths (model space +2 per tone)',
    over: { model: { features: 'studioFifths' } },
  },
  {
    name: 'a11-windows',
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

/** The overrides of row `index`: every kept row above it, then its own. */
export function rowOverrides(rows: readonly AblationRow[], index: number): Over {
  const above = rows.slice(0, index).filter((r) => r.keep !== false)
  return [...above, rows[index]].reduce((acc, r) => deepMerge(acc, r.over), {} as Over)
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
