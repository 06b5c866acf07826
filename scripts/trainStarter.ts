// `npm run train:starter -- [--baseline] [--export] [--evaluate]`: trains the shipped paper model on public-domain
// Bach (JSB chorales + PD mutopia-bach), exports it as float16 to resources/models/starter-paper, and evaluates it.
// `--out <run> --export --dest resources/models/starter` exports another run (e.g. the studio model) the same way.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { BackendName } from '../src-main/ml/backend/index'
import { trainStarter } from './starter/train'

const USAGE = `usage: npm run train:starter -- [options]

  (default)          train the C-RNN-GAN (preset paper) into --out; rerun to resume
  --baseline         train the MLE-only baseline (preset baseline) into --baseline-out instead
  --preset P         paper (default) or studio: the recipe of the GAN run
  --export           write --out's checkpoint as float16 to --dest (+ config, manifest)
  --select           pick the checkpoint to export among <out>/archive + <out>/checkpoints by the evaluation
                     protocol's summary score against real TRAINING windows (every candidate's score is printed
                     and written to <out>/selection.json); implies its use by --export
  --evaluate         the evaluation protocol (full report, markdown for the model card) and the six metrics of the
                     exported model vs real windows, beside the baseline
  --out DIR          GAN run folder (default .tmp/starter-run)
  --baseline-out DIR baseline run folder (default .tmp/starter-baseline)
  --dest DIR         export folder (default resources/models/starter-paper; the default model: resources/models/starter)
  --checkpoint C     latest|best|N|<checkpoint folder> to export (default latest: the validation loss is teacher-forced MSE, which does not track GAN quality)
  --archive-every N  also keep a copy of every N-th epoch's checkpoint in <out>/archive (default 10)
  --hidden H         LSTM units (default 350, paper)
  --max-length L     cells per training window (default 100, paper)
  --epochs N         total epochs (default: the preset's)
  --backend B        tensorflow-gpu|tensorflow|wasm|cpu
  --corpus DIR       corpus folder (default $CRNNGAN_CORPUS or ../shared/data)`

const { values } = parseArgs({
  options: {
    baseline: { type: 'boolean' },
    preset: { type: 'string' },
    export: { type: 'boolean' },
    evaluate: { type: 'boolean' },
    select: { type: 'boolean' },
    'archive-every': { type: 'string', default: '10' },
    out: { type: 'string', default: '.tmp/starter-run' },
    'baseline-out': { type: 'string', default: '.tmp/starter-baseline' },
    dest: { type: 'string', default: 'resources/models/starter-paper' },
    checkpoint: { type: 'string', default: 'latest' },
    hidden: { type: 'string' },
    'max-length': { type: 'string' },
    epochs: { type: 'string' },
    backend: { type: 'string' },
    corpus: { type: 'string' },
    help: { type: 'boolean' },
  },
})

/** A positive integer option or undefined; exits with a usage error naming the option otherwise. */
function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a positive integer, got '${v}'\n`)
    process.exit(2)
  }
  return n
}

async function main(): Promise<number> {
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const corpusDir = resolve(values.corpus ?? process.env.CRNNGAN_CORPUS ?? '../shared/data')
  const log = (line: string): void => void process.stderr.write(`${line}\n`)
  if (values.export || values.evaluate || values.select) {
    let checkpoint = values.checkpoint
    if (values.select) {
      const { selectCheckpoint } = await import('./starter/select')
      checkpoint = await selectCheckpoint({ runDir: resolve(values.out), corpusDir, log })
    }
    if (values.export) {
      const { exportStarter } = await import('./starter/export')
      await exportStarter({
        runDir: resolve(values.out),
        dest: resolve(values.dest),
        checkpoint,
        corpusDir,
        log,
      })
    }
    if (values.evaluate) {
      const { evaluateStarter } = await import('./starter/evaluate')
      const baselineDir = resolve(values['baseline-out'])
      await evaluateStarter({ dest: resolve(values.dest), baselineDir, corpusDir, log })
    }
    return 0
  }
  const abort = new AbortController()
  process.on('SIGINT', () => abort.abort())
  process.on('SIGTERM', () => abort.abort())
  const end = await trainStarter({
    corpusDir,
    runDir: resolve(values.baseline ? values['baseline-out'] : values.out),
    preset: values.baseline ? 'baseline' : values.preset === 'studio' ? 'studio' : 'paper',
    hidden: int('hidden', values.hidden),
    maxLength: int('max-length', values['max-length']),
    epochs: int('epochs', values.epochs),
    archiveEvery: int('archive-every', values['archive-every']),
    backend: values.backend as BackendName | undefined,
    signal: abort.signal,
    log,
  })
  log(`training ${end}`)
  return 0
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `train:starter: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    )
    process.exit(1)
  },
)
