// The Train screen's start form as plain data: defaults from a preset (or, fine-tuning, from the model it starts
// from), validation with messages naming the field, and the `train:start` request it becomes (advanced fields as
// dotted config overrides; a fine-tuning run sends `startFrom` instead of a preset and no model-shape field).
import type { PresetInfo, TrainStartRequest } from '@common/ipc/training'

/** Editable fields of a new run. */
export interface TrainForm {
  datasetId: string
  /** '' = a new model from scratch; else the run id or shipped model name to fine-tune (Start from). */
  startFrom: string
  preset: string
  epochs: number
  seed: number
  hidden: number
  batchSize: number
  maxLength: number
  lrG: number
  lrD: number
  /** 'paper' | 'codeExact' | 'off' (spec §4.4). */
  freezing: string
}

/**
 * Form defaults from a preset (or the `tiny` shape when the engine has not answered yet); fine-tuning `startFrom`,
 * `p` is what `train:fineTunePreset` answered for it.
 */
export function formFromPreset(p: PresetInfo | null, datasetId: string, startFrom = ''): TrainForm {
  return {
    datasetId,
    startFrom,
    preset: p?.name ?? 'tiny',
    epochs: p?.epochs ?? 3,
    seed: p?.seed ?? 1234,
    hidden: p?.hidden ?? 16,
    batchSize: p?.batchSize ?? 4,
    maxLength: p?.maxLength ?? 16,
    lrG: p?.lrG ?? 0.1,
    lrD: p?.lrD ?? 0.05,
    freezing: p?.freezing ?? 'paper',
  }
}

const intIn = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi

/** First problem with the form as a sentence naming the field and value, or null when it can start. */
export function formProblem(f: TrainForm): string | null {
  if (!f.datasetId) return 'Choose a dataset (import one in the Library first).'
  if (!intIn(f.epochs, 1, 100_000)) return `Epochs must be a whole number 1–100000, got ${f.epochs}.`
  if (!intIn(f.seed, 0, 2 ** 31 - 1)) return `Seed must be a whole number 0–2147483647, got ${f.seed}.`
  if (!intIn(f.hidden, 1, 2048)) return `Hidden units must be 1–2048, got ${f.hidden}.`
  if (!intIn(f.batchSize, 1, 1024)) return `Batch size must be 1–1024, got ${f.batchSize}.`
  if (!intIn(f.maxLength, 1, 10_000)) return `Max length must be 1–10000 events, got ${f.maxLength}.`
  if (!(f.lrG > 0) || !(f.lrD > 0)) return `Learning rates must be > 0, got G ${f.lrG} / D ${f.lrD}.`
  if (!['paper', 'codeExact', 'off'].includes(f.freezing)) return `Unknown freezing mode '${f.freezing}'.`
  return null
}

/** The `train:start` payload; throws with `formProblem`'s sentence when the form is invalid. */
export function buildStartRequest(f: TrainForm): TrainStartRequest {
  const problem = formProblem(f)
  if (problem) throw new Error(problem)
  if (f.startFrom)
    return {
      datasetId: f.datasetId,
      startFrom: { run: f.startFrom },
      epochs: f.epochs,
      seed: f.seed,
      // The model shape (hidden units) is the source's: not sent.
      options: {
        'data.batchSize': f.batchSize,
        'data.maxLength': f.maxLength,
        'optim.lrG': f.lrG,
        'optim.lrD': f.lrD,
        'adversarial.freezing': f.freezing,
      },
    }
  return {
    datasetId: f.datasetId,
    preset: f.preset,
    epochs: f.epochs,
    seed: f.seed,
    options: {
      'model.hidden': f.hidden,
      'data.batchSize': f.batchSize,
      'data.maxLength': f.maxLength,
      'optim.lrG': f.lrG,
      'optim.lrD': f.lrD,
      'adversarial.freezing': f.freezing,
    },
  }
}
