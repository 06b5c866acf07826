// Scores an ablation row (or any run) with the evaluation protocol: 100 samples × 100 events of its latest
// checkpoint, dropout as shipped (on), against one seeded 100-event window per piece of the starter's validation
// split; plus the diversity with dropout off. Also renders the README's ablation table.
import { selectBackend } from '../../src-main/ml/backend/index'
import {
  evaluateProtocol,
  generatedWindows,
  realWindows,
  type EvalReport,
} from '../../src-main/ml/evaluation/index'
import { loadRunModel } from '../../src-main/ml/sampling/sample'
import { loadCells, starterFiles } from '../starter/data'

/** What a row's score.json holds. */
export interface RowScore {
  readonly epoch: number
  readonly report: EvalReport
  /** Distinct samples out of 100 with dropout off at sampling. */
  readonly distinctNoDropout: number
}

const SEED = 1234
const N = 100
const LENGTH = 100

/** The protocol's report on `runDir`'s latest checkpoint. */
export async function scoreRun(runDir: string, corpusDir: string): Promise<RowScore> {
  await selectBackend({ prefer: 'wasm' })
  const run = await loadRunModel(runDir, 'latest')
  try {
    const K = run.config.model.tonesPerCell
    const files = await starterFiles(corpusDir)
    const validation = await loadCells(
      files.filter((f) => f.split === 'validation'),
      K,
    )
    const real = realWindows(validation, K, LENGTH, SEED)
    const gen = generatedWindows(run.model, run.config, {
      count: N,
      length: LENGTH,
      seed: SEED,
      dropout: true,
    })
    const report = await evaluateProtocol(gen, real, K, { seed: SEED, pitchMode: run.config.pitchMode })
    const off = generatedWindows(run.model, run.config, {
      count: N,
      length: LENGTH,
      seed: SEED,
      dropout: false,
    })
    const offReport = await evaluateProtocol(off, real, K, { seed: SEED, pitchMode: run.config.pitchMode })
    return { epoch: run.epoch, report, distinctNoDropout: offReport.diversity.distinct }
  } finally {
    run.model.dispose()
  }
}

const f2 = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2)

/** The ablation table (markdown), one line per scored row. */
export function ablationTable(
  rows: readonly {
    record: {
      name: string
      change: string
      steps: number
      epochs: number
      wallSeconds: number
      loadStart: number[]
    }
    score: unknown
  }[],
): string {
  const head =
    '| row | change | steps (epochs) | summary | metrics in band | pitch-class / interval / IOI / length overlap | notes per event | median velocity | discriminative | distinct (dropout on / off) |'
  const sep = '|---|---|---|---|---|---|---|---|---|---|'
  const lines = rows.map(({ record: r, score }) => {
    const s = score as RowScore
    const o = s.report.overlaps
    return `| ${r.name} | ${r.change} | ${r.steps} (${r.epochs}) | **${f2(s.report.summary.score)}** | ${s.report.paperMetrics.inside}/6 | ${f2(o.pitchClasses.value)} / ${f2(o.intervals.value)} / ${f2(o.interOnset.value)} / ${f2(o.lengths.value)} | ${f2(s.report.keptNotes.generated)} | ${s.report.velocity.generated.p50} | ${f2(s.report.discriminative.score)} | ${s.report.diversity.distinct} / ${s.distinctNoDropout} |`
  })
  return [head, sep, ...lines].join('\n')
}
