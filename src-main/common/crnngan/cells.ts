// C-RNN-GAN event vectors (spec §2.3–2.4): tones → cells [dt, (len, freq, vel)×K], windows with zero padding.
import type { Tone } from './tones'

/** Tones per LSTM cell: 1 = C-RNN-GAN, 3 = C-RNN-GAN-3. */
export type TonesPerCell = 1 | 3

/** Cells packed row-major: `data.length === cells · featureCount(tonesPerCell)`. */
export interface EncodedCells {
  /** Row-major [cells, F] with F = 3K+1: [dt, len₀, freq₀, vel₀, …] in raw units (ticks, Hz, 0..127). */
  readonly data: Float32Array
  readonly cells: number
  readonly tonesPerCell: TonesPerCell
}

/** Options for {@link encodeCells}. */
export interface EncodeOptions {
  readonly tonesPerCell: TonesPerCell
  /** Tone index to start packing from (spec §2.4 window start); dt of the first cell refers to tone start−1. */
  readonly startTone?: number
  /** Stop after this many cells. Default: until the tones run out. */
  readonly maxCells?: number
}

function checkK(k: number): asserts k is TonesPerCell {
  if (k !== 1 && k !== 3) throw new Error(`tonesPerCell must be 1 or 3, got ${k}`)
}

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be an integer ≥ 0, got ${n}`)
}

/** Features per cell F = 3K + 1 (4 for K = 1, 10 for K = 3). */
export function featureCount(tonesPerCell: TonesPerCell): number {
  checkK(tonesPerCell)
  return 3 * tonesPerCell + 1
}

/**
 * Packs tones (sorted by `begin`, as readTones returns them) into cells. A cell holds up to K consecutive tones
 * whose `begin` equals the first one's exactly; unused slots stay 0. dt = begin[n] − begin[n−1] for the cell's
 * first tone n (0 only for n = 0); a chord longer than K continues in the next cell with dt = 0.
 * @example encodeCells(readTones(bytes), { tonesPerCell: 1 }) // { data: Float32Array(4·N), cells: N, ... }
 */
export function encodeCells(tones: readonly Tone[], opts: EncodeOptions): EncodedCells {
  const k = opts.tonesPerCell
  checkK(k)
  const start = opts.startTone ?? 0
  checkCount('startTone', start)
  const maxCells = opts.maxCells ?? Infinity
  if (maxCells !== Infinity) checkCount('maxCells', maxCells)
  const f = featureCount(k)
  // Upper bound on cells: one per remaining tone.
  const capacity = Math.min(Math.max(0, tones.length - start), maxCells)
  const data = new Float32Array(capacity * f)
  let cells = 0
  let n = start
  while (n < tones.length && cells < maxCells) {
    const row = cells * f
    data[row] = n > 0 ? tones[n].begin - tones[n - 1].begin : 0
    const first = tones[n].begin
    // The cell's first tone is always taken, so every pass consumes a tone and the loop ends on any input
    // (a NaN begin equals nothing, not even itself: comparing it first used to stall here forever).
    for (let j = 0; j < k && n < tones.length && (j === 0 || tones[n].begin === first); j++, n++) {
      data[row + 1 + 3 * j] = tones[n].length
      data[row + 2 + 3 * j] = tones[n].freq
      data[row + 3 + 3 * j] = tones[n].velocity
    }
    cells++
  }
  return { data: cells * f === data.length ? data : data.slice(0, cells * f), cells, tonesPerCell: k }
}

/**
 * `length` cells starting at cell index `start` (≥ 0), zero-padded past the end — the original feeds short
 * songs padded with zeros, and D sees them as real. For K = 3 the faithful window starts at a *tone* index:
 * use {@link sampleWindow} (or encodeCells with `startTone`) rather than a cell index.
 */
export function windowCells(encoded: EncodedCells, start: number, length: number): EncodedCells {
  checkCount('start', start)
  checkCount('length', length)
  const f = featureCount(encoded.tonesPerCell)
  const data = new Float32Array(length * f)
  const from = Math.min(start, encoded.cells)
  const to = Math.min(start + length, encoded.cells)
  data.set(encoded.data.subarray(from * f, to * f))
  return { data, cells: length, tonesPerCell: encoded.tonesPerCell }
}

/**
 * Spec §2.4 window start: a tone index drawn uniformly from [0, toneCount − length·K] (inclusive, like Python's
 * random.randint) when toneCount > length·K, else 0. `rng` returns uniform floats in [0, 1).
 */
export function randomWindowStart(
  toneCount: number,
  length: number,
  tonesPerCell: TonesPerCell,
  rng: () => number,
): number {
  checkCount('toneCount', toneCount)
  checkCount('length', length)
  checkK(tonesPerCell)
  const last = toneCount - length * tonesPerCell
  if (last <= 0) return 0
  return Math.min(last, Math.floor(rng() * (last + 1)))
}

/**
 * One training window exactly as spec §2.4 builds it: random tone-index start, cells filled forward from there
 * (dt of the first cell refers to the tone before the window), zero-padded to `length` cells.
 */
export function sampleWindow(
  tones: readonly Tone[],
  length: number,
  tonesPerCell: TonesPerCell,
  rng: () => number,
): EncodedCells {
  const startTone = randomWindowStart(tones.length, length, tonesPerCell, rng)
  const cells = encodeCells(tones, { tonesPerCell, startTone, maxCells: length })
  return windowCells(cells, 0, length)
}
