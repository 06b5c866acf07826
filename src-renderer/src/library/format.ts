// Formatting helpers for the Library screen (durations, ETA, file names, metric values). Pure: unit-tested.

/** 75 → '1:15', 3725 → '1:02:05'. Non-finite → '–'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** ETA text: null → 'estimating…', 0 → 'finishing…', else 'about 12 s left' / 'about 3 min left'. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…'
  if (seconds < 0.5) return 'finishing…'
  if (seconds < 90) return `about ${Math.round(seconds)} s left`
  return `about ${Math.round(seconds / 60)} min left`
}

/** Last path segment (either separator). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

/** A metric value with sensible precision; null → '–'. */
export function formatMetric(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return '–'
  const digits = unit === '%' ? 1 : Math.abs(v) < 10 && !Number.isInteger(v) ? 1 : 0
  return `${v.toFixed(digits)}${unit === '%' ? ' %' : ''}`
}

/** Basename of a path (either separator), without a .mid/.midi extension. */
export function suggestName(paths: readonly string[]): string {
  const first = (paths[0] ?? '').replace(/[\\/]+$/, '')
  const base = first.split(/[\\/]/).pop() ?? ''
  const clean = base.replace(/\.midi?$/i, '')
  return paths.length > 1 && /\.midi?$/i.test(base)
    ? `${clean} and ${paths.length - 1} more`
    : clean || 'New dataset'
}

/** Short labels of why a dataset is damaged (DamagedDatasetDto.reason). */
export const DAMAGE_LABELS: Readonly<Record<string, string>> = {
  corrupt: 'Manifest damaged',
  missing: 'Manifest missing',
  foreign: 'Not a dataset',
  unsupported: 'Newer version',
}
