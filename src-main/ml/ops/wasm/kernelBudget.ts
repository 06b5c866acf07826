// What a sampling request needs of the WebAssembly kernel's memory, computed before any work starts, so a request
// too large for it is refused with the largest count × length that fits instead of trapping halfway (issue #10
// item 11). Mirrors the allocations of generatorKernel (forward, no tape) and lstmSeqKernel (D, for ranking).
import { kernelArenaLimit, KernelMemoryError } from './kernel'
import { packedSize } from './lstmSeqKernel'

/** Model dimensions that decide the kernel's memory. */
export interface KernelDims {
  /** Features per cell. */
  readonly F: number
  /** Noise values per step (default F); G's step input is Z + F wide. */
  readonly Z?: number
  /** D's input width (default F; wider with the music view). */
  readonly DI?: number
  readonly H: number
  readonly layersG: number
  readonly layersD: number
}

/** Bytes the arena gives `floats` (allocations are 64-byte aligned). */
const bytes = (floats: number): number => Math.ceil(floats / 16) * 64

/** G's packed weights and their staging copies, pinned below the per-call arena while the weights stay. */
export function pinnedBytes({ F, Z = F, H, layersG }: KernelDims): number {
  let n = bytes(packedSize(Z + F, H)) + bytes((Z + F) * H) + bytes(H)
  for (let l = 0; l < layersG; l++) n += bytes(packedSize(2 * H, 4 * H)) + bytes(8 * H * H) + bytes(4 * H)
  return n + bytes(packedSize(H, F)) + bytes(H * F) + bytes(F)
}

/** Bytes of one sampling call for `count` sequences of `length` cells: G's unroll, and D's largest layer if ranked. */
export function callBytes(d: KernelDims, count: number, length: number, rank: boolean): number {
  const { F, H, layersG, layersD } = d
  const Z = d.Z ?? F
  const bt = count * length
  let g = bytes(bt * (Z + F)) + bytes(bt * H) + bytes(bt * F)
  for (let l = 0; l < layersG; l++)
    g += bytes(bt * H) + bytes(count * 2 * H) + bytes(bt * 4 * H) + 4 * bytes(bt * H)
  if (!rank) return g
  let dMax = 0
  for (let l = 0; l < layersD; l++) {
    const I = l === 0 ? (d.DI ?? F) : H
    const w = bytes(bt * I) + bytes((I + H) * 4 * H) + bytes(4 * H) + bytes(packedSize(I, 4 * H))
    dMax = Math.max(dMax, w + bytes(packedSize(H, 4 * H)) + bytes(bt * 4 * H) + 3 * bytes(bt * H))
  }
  return Math.max(g, dMax)
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`

/**
 * Checks a sampling request against the arena: `reserved` bytes (kernel.reservedBytes) + G's pinned weights + the
 * call. Returns the bytes it needs.
 * @throws KernelMemoryError saying how much it needs, the budget, and the largest count at this length and count × length.
 */
export function checkSampleFits(
  d: KernelDims,
  o: { count: number; length: number; rank: boolean },
  reserved: number,
): number {
  const limit = kernelArenaLimit()
  const fixed = reserved + pinnedBytes(d)
  const need = fixed + callBytes(d, o.count, o.length, o.rank)
  if (need <= limit) return need
  let count = 0
  while (count < o.count && fixed + callBytes(d, count + 1, o.length, o.rank) <= limit) count++
  let cells = 0
  for (let step = 2 ** 24; step >= 1; step = Math.floor(step / 2))
    if (fixed + callBytes(d, 1, cells + step, o.rank) <= limit) cells += step
  const fits =
    count > 0
      ? `at length ${o.length} at most ${count} ${count === 1 ? 'phrase fits' : 'phrases fit'}`
      : `not even one phrase of length ${o.length} fits`
  throw new KernelMemoryError(
    `${o.count} × ${o.length} cells${o.rank ? ' (ranked)' : ''} need ${mib(need)} of the sampling kernel's ` +
      `${mib(limit)} memory for this model: ${fits} (count × length ≤ ${cells.toLocaleString('en-US')}); ` +
      'ask for fewer or shorter phrases',
  )
}
