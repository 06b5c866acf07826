// `npm run ablate -- [--budget MIN] [--only NAME] [--score] [--table]`: trains the studio preset's ablation ladder
// (scripts/ablation/plan.ts), each row from scratch for the same wall-clock budget on the starter's public-domain
// split, then scores every row with the evaluation protocol. Rerunning skips rows that are already trained.
import { promises as fs, existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { writeFileAtomic } from '../src-main/ml/checkpoints/atomic'
import { makeConfig } from '../src-main/ml/config/presets'
import type { TrainConfig } from '../src-main/ml/config/trainConfig'
import { timedTrain, type TimedRun } from './lib/timedTrain'
import { LADDER, rowOverrides } from './ablation/plan'
import { scoreRun } from './ablation/score'
import { loadCells, starterFiles } from './starter/data'

const { values } = parseArgs({
  options: {
    budget: { type: 'string', default: '12' },
    only: { type: 'string' },
    out: { type: 'string', default: '.tmp/ablate' },
    corpus: { type: 'string' },
    score: { type: 'boolean' },
    table: { type: 'boolean' },
  },
})

/** What a trained row records beside its run folder. */
interface RowRecord extends TimedRun {
  readonly name: string
  readonly change: string
}

const log = (s: string): void => void process.stderr.write(`${s}\n`)

async function trainRow(index: number, runDir: string, budgetSeconds: number): Promise<RowRecord> {
  const row = LADDER[index]
  const over = rowOverrides(LADDER, index) as Partial<TrainConfig>
  // Same bookkeeping for every row: no per-epoch sampling, 20 validation pieces, a checkpoint every epoch.
  const config = makeConfig('paper', {
    ...over,
    data: { ...(over.data ?? {}), validationFraction: 0 },
    schedule: {
      ...(over.schedule ?? {}),
      epochs: 100_000,
      checkpointEvery: 1,
      keepLast: 2,
      samplesPerEpoch: 0,
    },
  } as Parameters<typeof makeConfig>[1])
  const files = await starterFiles(corpus())
  const K = config.model.tonesPerCell
  const train = await loadCells(
    files.filter((f) => f.split === 'train'),
    K,
  )
  const validation = (
    await loadCells(
      files.filter((f) => f.split === 'validation'),
      K,
    )
  ).slice(0, 20)
  const run = await timedTrain({ config, train, validation, runDir, budgetSeconds, log })
  return { name: row.name, change: row.change, ...run }
}

function corpus(): string {
  return resolve(values.corpus ?? process.env.CRNNGAN_CORPUS ?? '../shared/data')
}

async function main(): Promise<void> {
  const out = resolve(values.out)
  const budget = Number(values.budget) * 60
  await fs.mkdir(out, { recursive: true })
  for (let i = 0; i < LADDER.length; i++) {
    const row = LADDER[i]
    if (values.only && values.only !== row.name) continue
    const runDir = join(out, row.name)
    const recordPath = join(runDir, 'ablation.json')
    if (!values.score && !values.table && !existsSync(recordPath)) {
      log(`training ${row.name}: ${row.change} (${budget / 60} min)`)
      const rec = await trainRow(i, runDir, budget)
      await writeFileAtomic(recordPath, JSON.stringify(rec, null, 1))
      log(
        `${row.name}: ${rec.steps} steps, ${rec.epochs} epochs in ${rec.wallSeconds.toFixed(0)} s, load ${rec.loadStart.map((x) => x.toFixed(1)).join('/')}`,
      )
    }
    if (values.score && existsSync(recordPath) && !existsSync(join(runDir, 'score.json'))) {
      const report = await scoreRun(runDir, corpus())
      await writeFileAtomic(join(runDir, 'score.json'), JSON.stringify(report, null, 1))
      log(`${row.name}: scored`)
    }
  }
  if (values.table) {
    const { ablationTable } = await import('./ablation/score')
    const rows = LADDER.map((r) => join(out, r.name))
      .filter((d) => existsSync(join(d, 'score.json')))
      .map((d) => ({
        record: JSON.parse(readFileSync(join(d, 'ablation.json'), 'utf8')) as RowRecord,
        score: JSON.parse(readFileSync(join(d, 'score.json'), 'utf8')) as unknown,
      }))
    process.stdout.write(`${ablationTable(rows)}\n`)
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`ablate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  },
)
