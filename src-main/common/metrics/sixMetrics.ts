// The six paper metrics (spec §5, the paper's Figure 3), named once for the engine, the IPC types and the screens.

/** Their keys in the paper's table order (Figure 3), for tables and reports. */
export const SIX_METRIC_KEYS = [
  'toneSpan',
  'uniqueTones',
  'intensitySpan',
  'scaleConsistency',
  'polyphony',
  'repetitions3',
] as const

/** One of the six metrics. */
export type SixMetricKey = (typeof SIX_METRIC_KEYS)[number]

/**
 * One value per metric, e.g. batch means: tone span in semitones, unique tones, intensity span in velocity steps,
 * scale consistency and polyphony as fractions 0..1, 3-tone repetitions as pairs; NaN = no data.
 */
export type SixMetrics = { readonly [K in SixMetricKey]: number }

/** All six NaN: "no data" (e.g. every sample was empty). */
export const NO_METRICS: SixMetrics = Object.freeze(
  Object.fromEntries(SIX_METRIC_KEYS.map((k) => [k, NaN])) as Record<SixMetricKey, number>,
)
