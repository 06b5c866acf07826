// DatasetService over the real DatasetStore: maps library records to the IPC DTOs (stats → chart-ready histograms
// and the six paper metrics). Library errors need no mapping: a DatasetError is an IpcFailure with an IPC code.
import type { DatasetDetail, DatasetStats, DatasetSummary, Histogram, MetricSummary } from '@common/ipc/dtos'
import { NOTE_LENGTH_EDGES_BEATS } from '@common/metrics/histograms'
import type { SixMetricKey } from '@common/metrics/sixMetrics'
import type { DatasetStore } from '../../datasets/DatasetStore'
import type { DatasetStatistics } from '../../datasets/datasetStats'
import type { DatasetInfo, DatasetSummary as StoreSummary } from '../../datasets/summaries'
import type { DatasetId } from '../../datasets/types'
import type { DatasetService } from '../ipc/services'

/** The six metrics of the paper's Figure 3, in its order; `scale` multiplies (0..1 fractions → %). */
const PAPER_METRICS: readonly { key: SixMetricKey; label: string; unit: string; scale: number }[] = [
  { key: 'polyphony', label: 'Polyphony', unit: '%', scale: 100 },
  { key: 'scaleConsistency', label: 'Scale consistency', unit: '%', scale: 100 },
  { key: 'repetitions3', label: '3-tone repetitions', unit: 'pairs', scale: 1 },
  { key: 'toneSpan', label: 'Tone span', unit: 'semitones', scale: 1 },
  { key: 'uniqueTones', label: 'Unique tones', unit: 'pitches', scale: 1 },
  { key: 'intensitySpan', label: 'Intensity span', unit: 'velocity', scale: 1 },
]

const PITCH_CLASSES = ['C', 'C♯', 'D', 'E♭', 'E', 'F', 'F♯', 'G', 'A♭', 'A', 'B♭', 'B']

/** Adapts `store` to the IPC DatasetService. */
export function createDatasetService(store: DatasetStore): DatasetService {
  const id = (s: string): DatasetId => s as DatasetId
  return {
    list: async () => (await store.list()).datasets.map(toSummary),
    damaged: async () => (await store.list()).damaged.map((d) => ({ ...d })),
    get: async (dsId) => toDetail(await store.get(id(dsId))),
    create: async (name, paths, { signal, onProgress }) => {
      const info = await store.create(name, paths, {
        signal,
        onProgress: (p) => onProgress({ ...p, currentFile: p.currentFile || null }),
      })
      return toDetail(info)
    },
    stats: async (dsId) => toStats(await store.stats(id(dsId))),
    setIncluded: async (dsId, keys, included) => toDetail(await store.setIncluded(id(dsId), keys, included)),
    setTags: async (dsId, tags) => toDetail(await store.setTags(id(dsId), tags)),
    remove: async (dsId) => {
      await store.remove(id(dsId))
      return true
    },
  }
}

/** The IPC summary is the store's own summary type; tags are copied so callers never share the store's array. */
function toSummary(s: StoreSummary): DatasetSummary {
  return { ...s, tags: [...s.tags] }
}

/** Drops what the renderer does not get: source paths, tone counts, the duplicates list. */
function toDetail({ files, failures, duplicates: _duplicates, ...summary }: DatasetInfo): DatasetDetail {
  return {
    ...toSummary(summary),
    files: files.map(({ path: _path, toneCount: _toneCount, ...f }) => f),
    errors: failures.map((f) => ({ file: f.file, reason: f.reason, message: f.message })),
  }
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null)

/** Library statistics → chart-ready histograms and the six paper metrics (whole files, included only). */
export function toStats(s: DatasetStatistics): DatasetStats {
  const h = s.histograms
  const pitchClass: Histogram = { labels: PITCH_CLASSES, counts: padTo(h.pitchClass, 12) }
  // Interval bins are −24..24 semitones; the outermost bins also hold larger (clamped) leaps.
  const intervalCounts = padTo(h.interval, 49)
  const intervals: Histogram = {
    labels: intervalCounts.map((_, i) => ((i - 24) % 12 === 0 ? String(i - 24) : '')),
    counts: intervalCounts,
  }
  const lengthCounts = padTo(h.noteLength, NOTE_LENGTH_EDGES_BEATS.length - 1)
  const lengths: Histogram = {
    labels: lengthCounts.map((_, i) => (i % 2 === 0 ? beatsLabel(NOTE_LENGTH_EDGES_BEATS[i]) : '')),
    counts: lengthCounts,
  }
  const metrics: MetricSummary[] = PAPER_METRICS.map((m) => {
    const a = s.metrics[m.key]
    const f = (v: number | undefined): number | null => (v === undefined ? null : finiteOrNull(v * m.scale))
    return { key: m.key, label: m.label, unit: m.unit, mean: f(a?.mean), p10: f(a?.p10), p90: f(a?.p90) }
  })
  return { fileCount: s.counts.included, noteCount: s.notes, pitchClass, intervals, lengths, metrics }
}

function padTo(bins: readonly number[] | undefined, n: number): number[] {
  return Array.from({ length: n }, (_, i) => bins?.[i] ?? 0)
}

/** 0.25 → '1/4', 2 → '2'. */
function beatsLabel(beats: number): string {
  return beats >= 1 ? String(Math.round(beats)) : `1/${Math.round(1 / beats)}`
}
