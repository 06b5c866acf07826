// Batches exactly as the original loader builds them (crnngan-spec §2.1, §2.4): training list shuffled once, a fresh
// random window per song per epoch, zero padding at the end of short songs, batch 20, last partial batch dropped.
import { validationCount } from '../../common/training/steps'
import { Rng, STREAM, deriveSeed } from './seeds'

/** One encoded song: `cells` is row-major [nCells, F] in raw units (or normalised, per the run's config). */
export interface SongCells {
  readonly name: string
  readonly cells: Float32Array
}

/** A seeded split into training and validation songs; the training list is in its (once-)shuffled order. */
export interface DataSplit {
  readonly train: readonly SongCells[]
  readonly validation: readonly SongCells[]
}

/**
 * Seeded split: shuffles once, takes `round(fraction·n)` songs (at least 1 when fraction > 0 and n > 1) for validation.
 * @throws Error when a song's cell array is not a multiple of `features` long.
 */
export function splitSongs(
  songs: readonly SongCells[],
  features: number,
  fraction: number,
  seed: number,
): DataSplit {
  for (const s of songs)
    if (s.cells.length % features !== 0)
      throw new Error(
        `song '${s.name}': ${s.cells.length} values is not a multiple of ${features} features per cell`,
      )
  const order = new Rng(deriveSeed(seed, STREAM.split)).shuffle(songs.map((_, i) => i))
  const nVal = validationCount(songs.length, fraction)
  return {
    validation: order.slice(0, nVal).map((i) => songs[i]),
    train: order.slice(nVal).map((i) => songs[i]),
  }
}

/** Number of full batches per epoch (the last partial batch is dropped). */
export function batchesPerEpoch(nSongs: number, batchSize: number): number {
  return Math.floor(nSongs / batchSize)
}

/**
 * The windows of one epoch: per song, a start cell drawn uniformly from [0, nCells − length] (0 if too short).
 * Deterministic in (seed, epoch, stream), so a resumed run draws the same windows.
 */
export function epochWindowStarts(
  songs: readonly SongCells[],
  features: number,
  length: number,
  seed: number,
  epoch: number,
  stream: number = STREAM.windows,
): Int32Array {
  const rng = new Rng(deriveSeed(seed, stream, epoch))
  const starts = new Int32Array(songs.length)
  for (let i = 0; i < songs.length; i++) {
    const n = songs[i].cells.length / features
    starts[i] = n > length ? rng.int(n - length + 1) : 0
  }
  return starts
}

/**
 * Builds batch `index` of an epoch: Float32Array [batchSize, length, features], zero-padded.
 * @param starts from `epochWindowStarts` for the same songs, length and epoch
 */
export function buildBatch(
  songs: readonly SongCells[],
  starts: Int32Array,
  features: number,
  length: number,
  batchSize: number,
  index: number,
): Float32Array {
  const out = new Float32Array(batchSize * length * features)
  for (let b = 0; b < batchSize; b++) {
    const song = songs[index * batchSize + b]
    if (!song)
      throw new Error(`batch ${index} needs song ${index * batchSize + b}, only ${songs.length} songs`)
    const from = starts[index * batchSize + b] * features
    const to = Math.min(song.cells.length, from + length * features)
    out.set(song.cells.subarray(from, to), b * length * features)
  }
  return out
}

/** One epoch's windows: window w reads `length` cells of song `song[w]` from cell `start[w]`. */
export interface EpochWindows {
  readonly song: Int32Array
  readonly start: Int32Array
}

/**
 * The windows of one epoch under `data.windows` / `data.shortSongs`. 'perSong' + 'pad' is the paper (one window per
 * song, in the once-shuffled list order, identical to {@link epochWindowStarts}). 'cover' gives each song
 * ⌊cells / length⌋ (≥ 1) windows at independent random starts and shuffles all windows every epoch; 'skip' leaves
 * out songs shorter than `length` (their zero padding would be fed to D as real music).
 */
export function epochWindows(
  songs: readonly SongCells[],
  features: number,
  length: number,
  seed: number,
  epoch: number,
  mode: { readonly windows: 'perSong' | 'cover'; readonly shortSongs: 'pad' | 'skip' },
): EpochWindows {
  if (mode.windows === 'perSong' && mode.shortSongs === 'pad') {
    const start = epochWindowStarts(songs, features, length, seed, epoch)
    return { song: Int32Array.from(songs, (_, i) => i), start }
  }
  const rng = new Rng(deriveSeed(seed, STREAM.windows, epoch))
  const song: number[] = []
  const start: number[] = []
  for (let i = 0; i < songs.length; i++) {
    const n = songs[i].cells.length / features
    if (n < length && mode.shortSongs === 'skip') continue
    const count = mode.windows === 'cover' ? Math.max(1, Math.floor(n / length)) : 1
    for (let k = 0; k < count; k++) {
      song.push(i)
      start.push(n > length ? rng.int(n - length + 1) : 0)
    }
  }
  if (mode.windows === 'cover') {
    const order = new Rng(deriveSeed(seed, STREAM.windowOrder, epoch)).shuffle(song.map((_, i) => i))
    return { song: Int32Array.from(order, (i) => song[i]), start: Int32Array.from(order, (i) => start[i]) }
  }
  return { song: Int32Array.from(song), start: Int32Array.from(start) }
}

/** Batch `index` of an epoch's windows: Float32Array [batchSize, length, features], zero-padded. */
export function buildWindowBatch(
  songs: readonly SongCells[],
  w: EpochWindows,
  features: number,
  length: number,
  batchSize: number,
  index: number,
): Float32Array {
  const out = new Float32Array(batchSize * length * features)
  for (let b = 0; b < batchSize; b++) {
    const k = index * batchSize + b
    if (k >= w.song.length) throw new Error(`batch ${index} needs window ${k}, only ${w.song.length} windows`)
    const cells = songs[w.song[k]].cells
    const from = w.start[k] * features
    const to = Math.min(cells.length, from + length * features)
    out.set(cells.subarray(from, to), b * length * features)
  }
  return out
}
