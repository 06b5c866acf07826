// Pure helpers of the Train screen's SVG charts: extents, linear scales, tick values, line/band paths that break at
// missing (non-finite) values, down-sampling of long loss histories and runs of true flags.

/** One plotted line of a chart (ys align with the chart's xs; NaN = gap). */
export interface Series {
  readonly label: string
  readonly color: string
  readonly ys: readonly number[]
  readonly dashed?: boolean
}

/** A boolean lane drawn as bars under a chart (e.g. freeze flags). */
export interface Flags {
  readonly label: string
  readonly color: string
  readonly values: readonly boolean[]
}

/** Maps a value in `domain` linearly onto `range` (pixels); a zero-width domain maps to the range's middle. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (v: number) => number {
  const [d0, d1] = domain
  const [r0, r1] = range
  if (d1 === d0) return () => (r0 + r1) / 2
  const k = (r1 - r0) / (d1 - d0)
  return (v) => r0 + (v - d0) * k
}

/**
 * [min, max] of the finite values, widened by `pad` (fraction of the span) on both sides. A single value v gives
 * [v − 1, v + 1]; no finite value gives `fallback`.
 */
export function extent(
  values: Iterable<number>,
  pad = 0.05,
  fallback: [number, number] = [0, 1],
): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (!Number.isFinite(v)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (lo === Infinity) return fallback
  if (lo === hi) return [lo - 1, hi + 1]
  const p = (hi - lo) * pad
  return [lo - p, hi + p]
}

/** About `count` round tick values (1, 2, 2.5 or 5 × 10^k steps) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo) || count < 1) return Number.isFinite(lo) ? [lo] : []
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag
  const out: number[] = []
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)))
  return out
}

/** SVG path through (xs[i], ys[i]); a non-finite y ends the current segment (gaps stay gaps). */
export function linePath(
  xs: readonly number[],
  ys: readonly number[],
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  let d = ''
  let pen = false
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i]) || !Number.isFinite(xs[i])) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${sx(xs[i]).toFixed(1)},${sy(ys[i]).toFixed(1)}`
    pen = true
  }
  return d
}

/** Closed SVG path of the area between `lo` and `hi` over points where both are finite (one polygon). */
export function bandPath(
  xs: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  const idx = xs.map((_, i) => i).filter((i) => Number.isFinite(lo[i]) && Number.isFinite(hi[i]))
  if (idx.length === 0) return ''
  // A single point still gets a visible sliver, so the first epoch shows its band.
  const pts = idx.length === 1 ? [idx[0], idx[0]] : idx
  const w = idx.length === 1 ? 2 : 0
  const top = pts.map(
    (i, k) => `${k ? 'L' : 'M'}${(sx(xs[i]) + (k ? w : -w)).toFixed(1)},${sy(hi[i]).toFixed(1)}`,
  )
  const bottom = [...pts]
    .reverse()
    .map((i, k) => `L${(sx(xs[i]) + (k ? -w : w)).toFixed(1)},${sy(lo[i]).toFixed(1)}`)
  return `${top.join('')}${bottom.join('')}Z`
}

/** At most `max` items: every k-th item plus the last, so the newest value is always drawn. */
export function downsample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max || max < 2) return [...items]
  const k = Math.ceil(items.length / (max - 1))
  const out: T[] = []
  for (let i = 0; i < items.length - 1; i += k) out.push(items[i])
  out.push(items[items.length - 1])
  return out
}

/** Index ranges [start, end] (inclusive) of consecutive true flags. */
export function trueRuns(flags: readonly boolean[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = []
  let start = -1
  for (let i = 0; i <= flags.length; i++) {
    if (i < flags.length && flags[i]) {
      if (start < 0) start = i
    } else if (start >= 0) {
      out.push({ start, end: i - 1 })
      start = -1
    }
  }
  return out
}

/** Compact number for axis labels: 3 significant digits, k/M suffixes. */
export function formatTick(v: number): string {
  const a = Math.abs(v)
  // Number() drops a fraction's trailing zeros only ("1.50" → 1.5, "100" stays 100).
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`
  if (a >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`
  if (a === 0) return '0'
  return Number(v.toPrecision(3)).toString()
}
