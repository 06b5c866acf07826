// `crnngan evaluate`: the six paper metrics (spec §5) of generated samples vs real windows of the same length
// (mean, p10, p50, p90), plus the memorisation figure (longest run of events shared with a piece of the data).
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { PaperMetrics } from '../../common/metrics/paperMetrics'
import { selectBackend, type BackendName } from '../../ml/backend/index'
import { loadSongs, type DataSource } from '../../ml/host/loadData'
import { metricsOfCells } from '../../ml/sampling/cellMetrics'
import { buildMemorisationIndex } from '../../ml/sampling/memorisation'
import { loadRunModel, sample } from '../../ml/sampling/sample'
import { runDirOrStarter } from '../../ml/starter/index'
import { buildBatch, epochWindowStarts } from '../../ml/training/batching'
import type { Command } from '../main'
import { intOption, parseCommandArgs, UsageError } from '../usage'
import { checkpointOption } from './sample'

const USAGE = `usage: crnngan evaluate --run <runDir> --data <dataset|dir> [options]

  --run DIR        run folder, or 'starter' for the starter model shipped with the app
  --samples N      generated samples (default 20)
  --length L       cells per sample and per real window (default 100)
  --checkpoint C   latest|best|N (default latest)
  --seed S         sampling and window seed (default 1234)
  --backend B      tensorflow-gpu|tensorflow|wasm|cpu
  --library DIR    dataset library (default: $CRNNGAN_LIBRARY, else ~/.crnngan/library)
  --json           JSON on stdout`

const OPTIONS = {
  run: { type: 'string' },
  data: { type: 'string' },
  samples: { type: 'string' },
  length: { type: 'string' },
  checkpoint: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  library: { type: 'string' },
  json: { type: 'boolean' },
} as const

const METRICS = [
  'toneSpan',
  'uniqueTones',
  'intensitySpan',
  'scaleConsistency',
  'polyphony',
  'repetitions3',
] as const
type Summary = { mean: number; p10: number; p50: number; p90: number; n: number }

/** Mean and nearest-rank percentiles of `xs` (NaN when empty). */
export function summarize(xs: readonly number[]): Summary {
  const s = [...xs].sort((a, b) => a - b)
  const at = (p: number): number =>
    s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : NaN
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN
  return { mean, p10: at(0.1), p50: at(0.5), p90: at(0.9), n: s.length }
}

const table = (list: readonly PaperMetrics[]): Record<string, Summary> => {
  const ok = list.filter((m) => m.events > 0)
  return Object.fromEntries(METRICS.map((k) => [k, summarize(ok.map((m) => m[k]))]))
}

export const evaluateCommand: Command = {
  summary: 'paper metrics of generated samples vs real windows, plus a memorisation check',
  async run(args) {
    const { values } = parseCommandArgs(args, OPTIONS, USAGE)
    if (values.help) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    if (!values.run) throw new UsageError(`--run is required\n${USAGE}`)
    if (!values.data) throw new UsageError(`--data is required\n${USAGE}`)
    const runDir = await runDirOrStarter(values.run)
    const count = intOption('samples', values.samples, 20, 1, 1000)
    const length = intOption('length', values.length, 100, 1, 10_000)
    const seed = intOption('seed', values.seed, 1234, 0, 0xffffffff)
    const ref = checkpointOption(values.checkpoint)
    await selectBackend({ prefer: values.backend as BackendName | undefined })
    const run = await loadRunModel(runDir, ref)
    run.model.dispose()
    const { config } = run
    const K = config.model.tonesPerCell
    const F = 3 * K + 1
    const isDir = existsSync(values.data) && statSync(values.data).isDirectory()
    const source: DataSource = isDir
      ? { kind: 'folder', dir: resolve(values.data) }
      : { kind: 'dataset', datasetId: values.data, libraryDir: values.library ?? process.env.CRNNGAN_LIBRARY }
    const { songs } = await loadSongs(source, K)
    const gen = await sample({
      runDir,
      checkpoint: ref,
      seed,
      count,
      length,
      memorisation: buildMemorisationIndex(songs, F),
    })
    const generated = gen.candidates.map((c) =>
      metricsOfCells(c.features.data as Float32Array, length, K, config.pitchMode),
    )
    const starts = epochWindowStarts(songs, F, length, seed, 0)
    const windows = buildBatch(songs, starts, F, length, songs.length, 0)
    const real = songs.map((_, i) =>
      // Real windows hold exact semitone frequencies: read them back by rounding (int() would lower most pitches).
      metricsOfCells(windows.subarray(i * length * F, (i + 1) * length * F), length, K, 'corrected'),
    )
    const runs = gen.candidates.map((c) => c.memorisation?.longestRun ?? 0)
    const report = {
      run: runDir,
      checkpointEpoch: gen.checkpointEpoch,
      length,
      generated: table(generated),
      real: table(real),
      emptySamples: generated.filter((m) => m.events === 0).length,
      memorisation: { longestRun: summarize(runs), max: Math.max(...runs) },
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 1)}\n`)
      return 0
    }
    const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-')
    const lines = [
      `run ${runDir} (epoch ${gen.checkpointEpoch}), ${count} samples vs ${songs.length} real windows of ${length} cells`,
    ]
    lines.push(`${'metric'.padEnd(17)} ${'generated mean/p10/p50/p90'.padEnd(30)} real mean/p10/p50/p90`)
    for (const k of METRICS) {
      const [g, r] = [report.generated[k], report.real[k]]
      lines.push(
        `${k.padEnd(17)} ${[g.mean, g.p10, g.p50, g.p90].map(f).join(' / ').padEnd(30)} ${[r.mean, r.p10, r.p50, r.p90].map(f).join(' / ')}`,
      )
    }
    lines.push(`empty samples: ${report.emptySamples}/${count}`)
    lines.push(
      `memorisation: longest shared event run mean ${f(report.memorisation.longestRun.mean)}, max ${report.memorisation.max}`,
    )
    process.stdout.write(`${lines.join('\n')}\n`)
    return 0
  },
}
