// Order statistics shared by the evaluation protocol: linear-interpolated quantiles (numpy's default) and means.

/** Quantile q ∈ [0, 1] of `values` by linear interpolation between order statistics; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  const pos = (s.length - 1) * Math.max(0, Math.min(1, q))
  const lo = Math.floor(pos)
  const hi = Math.min(s.length - 1, lo + 1)
  return s[lo] + (s[hi] - s[lo]) * (pos - lo)
}

/** Arithmetic mean; NaN when empty. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length
}

/** p10, p50 and p90 of `values` (NaN when empty). */
export interface Percentiles {
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

/** {@link Percentiles} of `values`. */
export function percentiles(values: readonly number[]): Percentiles {
  return { p10: quantile(values, 0.1), p50: quantile(values, 0.5), p90: quantile(values, 0.9) }
}
