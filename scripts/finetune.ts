// `npm run experiment:finetune -- [--composer Chopin] [--minutes 10] [--from starter]`: issue #9 §3's measurement.
// One composer of piano-midi.de, split piece-wise; the protocol's scores on that composer's held-out windows for
// (a) the shipped model as it is, (b) after fine-tuning it on the composer's training pieces for --minutes,
// (c) after the same time of training the studio preset from scratch, and (d) the quick preset for 15 minutes.
import { existsSync, promises as fs, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { encodeCells } from '../src-main/common/crnngan/cells'
import { readTones } from '../src-main/common/crnngan/tones'
import { writeFileAtomic } from '../src-main/ml/checkpoints/atomic'
import { resolveCheckpoint } from '../src-main/ml/checkpoints/select'
import { loadCheckpoint } from '../src-main/ml/checkpoints/verify'
import { fineTuneConfig, makeConfig } from '../src-main/ml/config/presets'
import {
  evaluateProtocol,
  generatedWindows,
  realWindows,
  type EvalReport,
} from '../src-main/ml/evaluation/index'
import { loadRunModel } from '../src-main/ml/sampling/sample'
import { DEFAULT_MODEL } from '../src-main/common/models/shipped'
import { runDirOrStarter } from '../src-main/ml/starter/index'
import type { SongCells } from '../src-main/ml/training/batching'
import { Rng } from '../src-main/ml/training/seeds'
import { timedTrain, type TimedRun } from './lib/timedTrain'

const { values } = parseArgs({
  options: {
    composer: { type: 'string', default: 'Chopin' },
    minutes: { type: 'string', default: '10' },
    'quick-minutes': { type: 'string', default: '15' },
    from: { type: 'string', default: DEFAULT_MODEL },
    out: { type: 'string', default: '.tmp/finetune' },
    corpus: { type: 'string' },
    only: { type: 'string' },
  },
})
const log = (s: string): void => void process.stderr.write(`${s}\n`)

/** The piece a piano-midi.de file belongs to: its name without a trailing movement / number suffix. */
export function pieceOf(file: string): string {
  return file.replace(/\.midi?$/i, '').replace(/[_-](?:e|n)?\d+$/i, '')
}

async function composerSongs(
  dir: string,
): Promise<{ train: SongCells[]; heldOut: SongCells[]; pieces: string[] }> {
  const names = (await fs.readdir(dir)).filter((n) => /\.midi?$/i.test(n)).sort()
  const pieces = [...new Set(names.map(pieceOf))].sort()
  const order = new Rng(1234).shuffle(pieces.map((_, i) => i))
  const held = new Set<string>()
  for (const i of order) {
    if (names.filter((n) => held.has(pieceOf(n))).length >= 0.2 * names.length) break
    held.add(pieces[i])
  }
  const train: SongCells[] = []
  const heldOut: SongCells[] = []
  for (const n of names) {
    const enc = encodeCells(readTones(readFileSync(join(dir, n)), n), { tonesPerCell: 1 })
    ;(held.has(pieceOf(n)) ? heldOut : train).push({ name: n, cells: enc.data })
  }
  return { train, heldOut, pieces: [...held] }
}

async function score(
  runDir: string,
  heldOut: readonly SongCells[],
): Promise<{ epoch: number; report: EvalReport }> {
  const run = await loadRunModel(runDir, 'latest')
  try {
    const real = realWindows(heldOut, 1, 100, 1234)
    const gen = generatedWindows(run.model, run.config, {
      count: 100,
      length: 100,
      seed: 1234,
      dropout: true,
    })
    return {
      epoch: run.epoch,
      report: await evaluateProtocol(gen, real, 1, { seed: 1234, pitchMode: run.config.pitchMode }),
    }
  } finally {
    run.model.dispose()
  }
}

async function main(): Promise<void> {
  const corpus = resolve(values.corpus ?? process.env.CRNNGAN_CORPUS ?? '../shared/data')
  const dir = join(corpus, 'piano-midi-de', values.composer)
  if (!existsSync(dir)) throw new Error(`no composer folder '${dir}'`)
  const out = resolve(values.out, values.composer)
  await fs.mkdir(out, { recursive: true })
  const { train, heldOut, pieces } = await composerSongs(dir)
  log(`${values.composer}: ${train.length} training files, ${heldOut.length} held out (${pieces.join(', ')})`)
  const budget = Number(values.minutes) * 60
  const sourceDir = await runDirOrStarter(values.from)
  const source = await loadCheckpoint(await resolveCheckpoint(sourceDir, 'latest'))
  const results: Record<string, { run?: TimedRun; epoch: number; report: EvalReport }> = {}
  const cases: [string, () => Promise<string>][] = [
    ['before', async () => sourceDir],
    [
      'finetuned',
      async () => {
        const runDir = join(out, 'finetuned')
        const config = fineTuneConfig(source.config, {
          startFrom: { run: values.from, checkpointEpoch: source.state.epoch },
          epochs: 100_000,
        })
        const run = await timedTrain({
          config: {
            ...config,
            data: { ...config.data, validationFraction: 0 },
            schedule: { ...config.schedule, samplesPerEpoch: 0 },
          },
          train,
          validation: heldOut.slice(0, 4),
          runDir,
          budgetSeconds: budget,
          initialWeights: source.weights,
          log,
        })
        results.finetuned = { ...(results.finetuned ?? {}), run } as never
        return runDir
      },
    ],
    ...(['studio', 'quick'] as const).map(
      (preset) =>
        [
          `scratch-${preset}`,
          async () => {
            const runDir = join(out, `scratch-${preset}`)
            const config = makeConfig(preset, {
              data: { validationFraction: 0 },
              schedule: { epochs: 100_000, samplesPerEpoch: 0, checkpointEvery: 1, keepLast: 2 },
            })
            const seconds = preset === 'quick' ? Number(values['quick-minutes']) * 60 : budget
            const run = await timedTrain({
              config,
              train,
              validation: heldOut.slice(0, 4),
              runDir,
              budgetSeconds: seconds,
              log,
            })
            results[`scratch-${preset}`] = { ...(results[`scratch-${preset}`] ?? {}), run } as never
            return runDir
          },
        ] as [string, () => Promise<string>],
    ),
  ]
  for (const [name, make] of cases) {
    if (values.only && values.only !== name) continue
    log(`case ${name}`)
    const runDir = await make()
    const s = await score(runDir, heldOut)
    results[name] = { ...(results[name] ?? {}), ...s }
    await writeFileAtomic(join(out, `${name}.json`), JSON.stringify(results[name], null, 1))
    log(`${name}: summary ${s.report.summary.score.toFixed(3)}`)
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`finetune: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  },
)
