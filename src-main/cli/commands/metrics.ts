// `crnngan metrics`: the paper's statistics (spec §5) per MIDI file, whole files or seeded N-event windows pushed
// through encode → MIDI (spec §6.3). Table or JSON on stdout; unreadable files on stderr with their reason, exit 1.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { isMidiFormatError } from '../../common/midi/errors'
import { noteOnsFromMidi } from '../../common/metrics/noteOns'
import { paperMetrics, type PaperMetrics } from '../../common/metrics/paperMetrics'
import { windowMetrics } from '../../common/metrics/windowMetrics'
import { Rng } from '../../common/random'
import { windowSeed } from '../../datasets/fileStatistics'
import { DEFAULT_MAX_BYTES } from '../../datasets/importFiles'
import { scanPaths } from '../../datasets/scanPaths'
import type { FileFailure } from '../../datasets/types'
import { displayPath, num, table } from '../format'
import type { Command } from '../main'
import { intOption, parseCommandArgs, UsageError } from '../usage'

const USAGE = `usage: crnngan metrics <file.mid|dir>... [--json] [--window N] [--seed S]

  Paper metrics (Mogren 2016 §4; spec §5) per file. Folders are searched recursively for .mid/.midi.
  --window N   score one random N-cell window per file pushed through encode → MIDI (spec §6.3), not the whole file
  --seed S     window seed (default 1234); mixed with each file's content hash, so a file's window is stable
  --json       print a JSON array of {file, events, polyphony, …} on stdout`

/** One file's row: the file path plus its {@link PaperMetrics}. */
export type MetricsRow = { readonly file: string } & PaperMetrics

const KEYS = [
  'events',
  'polyphony',
  'polyphonyCodeExact',
  'scaleConsistency',
  'scaleConsistencyCodeExact',
  'scale',
  'repetitions3',
  'repetitions3CodeExact',
  'toneSpan',
  'uniqueTones',
  'intensitySpan',
] as const satisfies readonly (keyof PaperMetrics)[]

/** Metrics of one file; `window` = cells per window or undefined for the whole file. */
export async function measureFile(
  file: string,
  opts: { window?: number; seed: number; maxBytes: number },
): Promise<MetricsRow | FileFailure> {
  let bytes: Uint8Array
  try {
    const st = await fs.stat(file)
    if (st.size > opts.maxBytes) {
      return {
        file,
        reason: 'too-large',
        message: `${file} is ${st.size} bytes, over the limit of ${opts.maxBytes}`,
      }
    }
    bytes = await fs.readFile(file)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return { file, reason: 'unreadable', message: why.includes(file) ? why : `${file}: ${why}` }
  }
  try {
    const ons = noteOnsFromMidi(bytes, file)
    if (ons.length === 0) return { file, reason: 'no-notes', message: `${file}: the file contains no notes` }
    let m: PaperMetrics
    if (opts.window === undefined) {
      m = paperMetrics(ons)
    } else {
      const sha = createHash('sha256').update(bytes).digest('hex')
      m = windowMetrics(bytes, opts.window, new Rng(windowSeed(opts.seed, sha)).uniform)
    }
    const row: Record<string, unknown> = { file }
    for (const k of KEYS) row[k] = m[k]
    return row as unknown as MetricsRow
  } catch (err) {
    if (isMidiFormatError(err)) return { file, reason: err.reason, message: err.message }
    return {
      file,
      reason: 'corrupt',
      message: `${file}: unexpected parser error: ${err instanceof Error ? err.message : err}`,
    }
  }
}

function printTable(rows: readonly MetricsRow[]): void {
  const header = ['file', 'events', 'poly', 'poly(code)', 'scale', 'scale(code)', 'key', 'rep3', 'rep3(code)']
  header.push('span', 'unique', 'intensity')
  const numeric = KEYS.filter((k) => k !== 'scale')
  const cells = (r: Record<string, number | string>): string[] => [
    String(r.file),
    ...KEYS.map((k) => (typeof r[k] === 'number' ? num(r[k] as number) : String(r[k] ?? ''))),
  ]
  const mean: Record<string, number | string> = { file: `mean of ${rows.length}`, scale: '' }
  for (const k of numeric) mean[k] = rows.reduce((s, r) => s + r[k], 0) / rows.length
  const body = rows.map((r) => cells(r as unknown as Record<string, number | string>))
  if (rows.length > 1) body.push(cells(mean))
  const right = new Set(KEYS.map((k, i) => (k === 'scale' ? -1 : i + 1)))
  process.stdout.write(`${table(header, body, right)}\n`)
}

export const metricsCommand: Command = {
  summary: 'paper metrics (polyphony, scale consistency, repetitions, spans) of MIDI files',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { json: { type: 'boolean' }, window: { type: 'string' }, seed: { type: 'string' } },
      USAGE,
    )
    if (values.help) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    if (positionals.length === 0) throw new UsageError(`give at least one MIDI file or folder\n${USAGE}`)
    const window =
      values.window === undefined ? undefined : intOption('window', values.window, 100, 1, 100_000)
    const seed = intOption('seed', values.seed, 1234)
    const scan = await scanPaths(positionals)
    const rows: MetricsRow[] = []
    const failures: FileFailure[] = [...scan.failures]
    for (const f of scan.files) {
      const r = await measureFile(displayPath(f.path), { window, seed, maxBytes: DEFAULT_MAX_BYTES })
      if ('reason' in r) failures.push(r)
      else rows.push(r)
    }
    if (scan.files.length === 0 && scan.failures.length === 0) {
      failures.push({
        file: positionals.join(' '),
        reason: 'unreadable',
        message: `no .mid/.midi files found in ${positionals.join(', ')}`,
      })
    }
    if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    else if (rows.length > 0) printTable(rows)
    for (const f of failures) process.stderr.write(`crnngan metrics: skipped (${f.reason}): ${f.message}\n`)
    return failures.length > 0 ? 1 : 0
  },
}
