// OPTIONAL feature normalisation — a flagged deviation from the paper, which trains on raw ticks/Hz/velocity (spec
// §2.3). Off by default; offered because raw Hz dominates an MSE. Each scheme has an exact inverse.
import { featureCount, type TonesPerCell } from './cells'
import { hzToMidi, midiToHz } from '../music/pitch'

/** Per-feature mean and standard deviation (length F = 3K+1 each) for the z-score scheme. */
export interface ZScoreStats {
  readonly mean: readonly number[]
  readonly std: readonly number[]
}

/**
 * Which normalisation to apply. 'none' = the paper. 'cjbayron' = the PyTorch port's fixed affine maps (spec §8):
 * dt (x−60)/80, length (x−64)/64, velocity (x−64)/128, frequency → MIDI pitch mapped from 0..127 to −1..1.
 * 'zscore' = (x − mean)/std per feature with stats fitted on training data and stored with the model.
 */
export type Normalisation =
  | { readonly scheme: 'none' }
  | { readonly scheme: 'cjbayron' }
  | { readonly scheme: 'zscore'; readonly stats: ZScoreStats }

/** The default: no normalisation (faithful). */
export const NO_NORMALISATION: Normalisation = { scheme: 'none' }

type Kind = 'dt' | 'len' | 'freq' | 'vel'
const kindOf = (i: number): Kind => (i === 0 ? 'dt' : (['len', 'freq', 'vel'] as const)[(i - 1) % 3])

const CJ = { dt: [60, 80], len: [64, 64], vel: [64, 128] } as const

function forward(x: number, i: number, norm: Normalisation): number {
  if (norm.scheme === 'zscore') return (x - norm.stats.mean[i]) / norm.stats.std[i]
  const kind = kindOf(i)
  // An absent slot has freq 0 (no pitch); it maps to −1 like MIDI pitch 0, and its velocity 0 keeps it silent.
  if (kind === 'freq') return x > 0 ? hzToMidi(x) / 63.5 - 1 : -1
  const [shift, scale] = CJ[kind]
  return (x - shift) / scale
}

function inverse(y: number, i: number, norm: Normalisation): number {
  if (norm.scheme === 'zscore') return y * norm.stats.std[i] + norm.stats.mean[i]
  const kind = kindOf(i)
  if (kind === 'freq') return midiToHz((y + 1) * 63.5)
  const [shift, scale] = CJ[kind]
  return y * scale + shift
}

function apply(
  data: Float32Array,
  tonesPerCell: TonesPerCell,
  norm: Normalisation,
  fn: typeof forward,
): Float32Array {
  const f = featureCount(tonesPerCell)
  if (data.length % f !== 0) throw new Error(`data length ${data.length} is not a multiple of F = ${f}`)
  if (norm.scheme === 'none') return data.slice()
  if (norm.scheme === 'zscore' && (norm.stats.mean.length !== f || norm.stats.std.length !== f))
    throw new Error(
      `z-score stats need ${f} means and stds, got ${norm.stats.mean.length} and ${norm.stats.std.length}`,
    )
  const out = new Float32Array(data.length)
  for (let r = 0; r < data.length; r += f) for (let i = 0; i < f; i++) out[r + i] = fn(data[r + i], i, norm)
  return out
}

/** Normalised copy of row-major [cells, F] `data`. */
export function normaliseCells(
  data: Float32Array,
  tonesPerCell: TonesPerCell,
  norm: Normalisation,
): Float32Array {
  return apply(data, tonesPerCell, norm, forward)
}

/**
 * Inverse of {@link normaliseCells} (back to ticks, Hz, velocity), up to float32 rounding. The one lossy spot is
 * cjbayron's freq 0 (absent slot), which returns as MIDI pitch 0 ≈ 8.18 Hz with its velocity still 0.
 */
export function denormaliseCells(
  data: Float32Array,
  tonesPerCell: TonesPerCell,
  norm: Normalisation,
): Float32Array {
  return apply(data, tonesPerCell, norm, inverse)
}

/** Per-feature mean and std of row-major [cells, F] `data` (std 0 → 1 so constant features pass through). */
export function fitZScore(data: Float32Array, tonesPerCell: TonesPerCell): ZScoreStats {
  const f = featureCount(tonesPerCell)
  if (data.length === 0 || data.length % f !== 0)
    throw new Error(`fitZScore needs a non-empty multiple of F = ${f} values, got ${data.length}`)
  const rows = data.length / f
  const mean = new Array<number>(f).fill(0)
  const sq = new Array<number>(f).fill(0)
  for (let r = 0; r < data.length; r += f) for (let i = 0; i < f; i++) mean[i] += data[r + i] / rows
  for (let r = 0; r < data.length; r += f)
    for (let i = 0; i < f; i++) sq[i] += (data[r + i] - mean[i]) ** 2 / rows
  return { mean, std: sq.map((v) => (v > 0 ? Math.sqrt(v) : 1)) }
}
