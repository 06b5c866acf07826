// `crnngan evaluate`: the evaluation protocol (src-main/ml/evaluation, version 1) of N generated samples against one
// seeded real window per piece of the --data sources, as readable tables or JSON, plus the memorisation figure
// (longest run of events a sample shares with a piece of the data).
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { selectBackend, type BackendName } from '../../ml/backend/index'
import { evaluateProtocol, realWindows, reportText } from '../../ml/evaluation/index'
import { loadSongs, type DataSource } from '../../ml/host/loadData'
import { buildMemorisationIndex } from '../../ml/sampling/memorisation'
import { loadRunModel, sample } from '../../ml/sampling/sample'
import { defaultModelNote, runDirOrStarter } from '../../ml/starter/index'
import type { SongCells } from '../../ml/training/batching'
import type { Command } from '../main'
import { intOption, parseCommandArgs, UsageError } from '../usage'
import { checkpointOption } from './sample'
import { featureCount } from '../../common/crnngan/cells'

const USAGE = `usage: crnngan evaluate [--run <runDir>] --data <dataset|dir> [--data …] [options]

  --run DIR        run folder, or a shipped model: 'starter' (the default when --run is omitted) or
                   'starter-paper' (the paper-faithful one)
  --data D         real music to compare with: a library dataset (name or id) or a folder of MIDI files;
                   repeat it to pool several (one seeded window per piece)
  --samples N      generated samples (default 20)
  --length L       cells per sample and per real window (default 100)
  --checkpoint C   latest|best|N (default latest)
  --seed S         seed of the samples, the real windows and the protocol (default 1234)
  --no-dropout     sample with dropout off (the paper keeps it on)
  --backend B      tensorflow-gpu|tensorflow|wasm|cpu
  --library DIR    dataset library (default: $CRNNGAN_LIBRARY, else ~/.crnngan/library)
  --json           the report as JSON on stdout ({type: 'crnngan-eval', version: 1, …})`

const OPTIONS = {
  run: { type: 'string' },
  data: { type: 'string', multiple: true },
  samples: { type: 'string' },
  length: { type: 'string' },
  checkpoint: { type: 'string' },
  seed: { type: 'string' },
  'no-dropout': { type: 'boolean' },
  backend: { type: 'string' },
  library: { type: 'string' },
  json: { type: 'boolean' },
} as const

type Summary = { mean: number; p10: number; p50: number; p90: number; n: number }

/** Mean and nearest-rank percentiles of `xs` (NaN when empty). */
export function summarize(xs: readonly number[]): Summary {
  const s = [...xs].sort((a, b) => a - b)
  const at = (p: number): number =>
    s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : NaN
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN
  return { mean, p10: at(0.1), p50: at(0.5), p90: at(0.9), n: s.length }
}

/** A --data value as a data source: an existing folder, else a dataset name/id in the library. */
function sourceOf(data: string, library: string | undefined): DataSource {
  return existsSync(data) && statSync(data).isDirectory()
    ? { kind: 'folder', dir: resolve(data) }
    : { kind: 'dataset', datasetId: data, libraryDir: library ?? process.env.CRNNGAN_LIBRARY }
}

export const evaluateCommand: Command = {
  summary: 'evaluation protocol (metrics, overlaps, classifier, summary score) of samples vs real music',
  async run(args) {
    const { values } = parseCommandArgs(args, OPTIONS, USAGE)
    if (values.help) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    if (!values.data?.length) throw new UsageError(`--data is required\n${USAGE}`)
    const note = values.run === undefined ? defaultModelNote() : null
    if (note) process.stderr.write(`${note}\n`)
    const runDir = await runDirOrStarter(values.run)
    const count = intOption('samples', values.samples, 20, 1, 1000)
    const length = intOption('length', values.length, 100, 1, 10_000)
    const seed = intOption('seed', values.seed, 1234, 0, 0xffffffff)
    const ref = checkpointOption(values.checkpoint)
    const dropout = !values['no-dropout']
    await selectBackend({ prefer: values.backend as BackendName | undefined })
    const run = await loadRunModel(runDir, ref)
    run.model.dispose()
    const { config } = run
    const K = config.model.tonesPerCell
    const F = featureCount(K)
    const songs: SongCells[] = []
    for (const d of values.data) {
      const loaded = await loadSongs(sourceOf(d, values.library), K)
      songs.push(...loaded.songs.map((s) => ({ name: `${d}:${s.name}`, cells: s.cells })))
    }
    const say = (line: string): void => void process.stderr.write(`evaluate: ${line}\n`)
    say(`sampling ${count} × ${length} events from ${runDir}`)
    const gen = await sample({
      runDir,
      checkpoint: ref,
      seed,
      count,
      length,
      dropout,
      memorisation: buildMemorisationIndex(songs, F),
      outputs: ['cells'],
    })
    const cells = new Float32Array(count * length * F)
    gen.candidates.forEach((c, i) => cells.set(c.cells.data as Float32Array, i * length * F))
    say(`measuring against ${songs.length} real windows; training the classifier`)
    const report = await evaluateProtocol({ cells, count, length }, realWindows(songs, K, length, seed), K, {
      seed,
      pitchMode: config.pitchMode,
      onProgress: (done, folds) => say(`classifier fold ${done}/${folds}`),
    })
    const runs = gen.candidates.map((c) => c.memorisation?.longestRun ?? 0)
    const memorisation = { longestRun: summarize(runs), max: Math.max(...runs) }
    if (values.json) {
      const out = { ...report, run: runDir, checkpointEpoch: gen.checkpointEpoch, dropout, memorisation }
      process.stdout.write(`${JSON.stringify(out, null, 1)}\n`)
      return 0
    }
    const lines = [
      `run ${runDir} (epoch ${gen.checkpointEpoch}), dropout ${dropout ? 'on' : 'off'}, data: ${values.data.join(', ')}`,
      reportText(report),
      '',
      `memorisation: longest event run shared with a piece of the data: mean ${memorisation.longestRun.mean.toFixed(2)}, max ${memorisation.max}`,
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
    return 0
  },
}
