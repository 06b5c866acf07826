// Human-readable output of `crnngan dataset`: the list table, a created dataset's summary, and the stats report.
import type { DatasetStatistics } from '../../datasets/datasetStats'
import type { DatasetInfo, DatasetSummary } from '../../datasets/summaries'
import type { DamagedDataset } from '../../datasets/types'
import { duration, num, table } from '../format'

const w = (s: string): void => void process.stdout.write(`${s}\n`)

/** `dataset list`: one row per dataset; damaged ones last, marked with their reason. */
export function printList(
  dir: string,
  datasets: readonly DatasetSummary[],
  damaged: readonly DamagedDataset[] = [],
): void {
  if (datasets.length === 0 && damaged.length === 0) return w(`no datasets in ${dir}`)
  const broken = damaged.map((d) => [d.id, `(damaged: ${d.reason})`, '', '', '', '', '', '', ''])
  const rows = datasets.map((d) => [
    d.id,
    d.name,
    String(d.fileCount),
    String(d.includedCount),
    String(d.errorCount),
    String(d.noteCount),
    duration(d.durationSeconds),
    d.createdAt.slice(0, 16).replace('T', ' '),
    d.tags.join(','),
  ])
  const header = ['id', 'name', 'files', 'included', 'failed', 'notes', 'duration', 'created (UTC)', 'tags']
  w(table(header, [...rows, ...broken], new Set([2, 3, 4, 5, 6])))
}

/** Summary of a dataset just created. */
export function printInfo(d: DatasetInfo): void {
  w(`dataset '${d.name}' (${d.id})`)
  w(`  ${d.fileCount} files imported, ${d.errorCount} skipped, ${d.duplicateCount} duplicates`)
  w(`  ${d.noteCount} notes, ${duration(d.durationSeconds)} of music`)
}

/** `dataset stats`: counts, paper metrics (files and windows), scales, pitch-class histogram. */
export function printStats(d: DatasetInfo, s: DatasetStatistics): void {
  const c = s.counts
  w(`dataset '${d.name}' (${d.id})${d.tags.length ? `  tags: ${d.tags.join(', ')}` : ''}`)
  w(
    `  files: ${c.files} imported (${c.included} included, ${c.excluded} excluded), ${c.failed} failed, ${c.duplicates} duplicates`,
  )
  w(
    `  notes: ${s.notes} (${s.tones} tones in the C-RNN-GAN note list), duration ${duration(s.durationSeconds)}`,
  )
  w('')
  const keys = Object.keys(s.metrics)
  const rows = keys.flatMap((k) => {
    const f = s.metrics[k]
    const win = s.windowMetrics[k]
    return [
      [
        k,
        num(f.mean),
        num(f.p10),
        num(f.p50),
        num(f.p90),
        ...(win ? [num(win.mean), num(win.p10), num(win.p50), num(win.p90)] : []),
      ],
    ]
  })
  w(
    `paper metrics over included files (whole files | one ${s.windowLength}-event window per file, seed ${s.seed}):`,
  )
  const header = ['metric', 'mean', 'p10', 'p50', 'p90', 'win mean', 'win p10', 'win p50', 'win p90']
  w(table(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8])))
  const scales = Object.entries(s.scales).sort((a, b) => b[1] - a[1])
  if (scales.length > 0) {
    w('')
    w(
      `best-matching scales: ${scales
        .slice(0, 6)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    )
  }
  const pc = s.histograms.pitchClass
  if (pc) {
    const names = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']
    const total = pc.reduce((a, b) => a + b, 0) || 1
    w(`pitch classes: ${names.map((n, i) => `${n} ${((100 * pc[i]) / total).toFixed(1)}%`).join('  ')}`)
  }
}
