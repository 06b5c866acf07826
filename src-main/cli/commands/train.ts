// `crnngan train`: trains C-RNN-GAN in a worker thread (the trainer host), progress bar with ETA on stderr,
// Ctrl-C saves a checkpoint and exits; running again with the same --out resumes from the latest checkpoint.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { parseJson } from '../../common/json'
import { fineTuneConfig, makeConfig, PRESET_NAMES } from '../../ml/config/presets'
import { loadRunModel } from '../../ml/sampling/sample'
import { runDirOrStarter } from '../../ml/starter/index'
import { checkpointOption } from './sample'
import { parseTrainConfig, type TrainConfig } from '../../ml/config/trainConfig'
import type { HostEvent, StartRequest } from '../../ml/host/protocol'
import { duration } from '../format'
import type { Command } from '../main'
import { BACKENDS, choiceOption, intOption, parseOrHelp, requireOptions, UsageError } from '../usage'

const USAGE = `usage: crnngan train --data <dataset|dir> --out <runDir> [options]

  --data X        dataset name/id in the library, or a folder of .mid files
  --out DIR       run folder (checkpoints, config); an existing run there is resumed
  --preset P      ${PRESET_NAMES.join('|')} (default paper)
  --epochs N      total epochs (overrides the preset; may extend a resumed run)
  --from RUN      fine-tune: start from RUN's model (G and D; a run folder, or 'starter' / 'starter-paper' for
                  the shipped models) on --data; the model shape is RUN's, --preset is not used (default 20 epochs)
  --from-checkpoint C  latest|best|N of --from (default latest)
  --seed S        run seed (default 1234)
  --backend B     tensorflow-gpu|tensorflow|wasm|cpu (first to try; falls back)
  --json-progress one JSON event per line on stdout
  --library DIR   dataset library (default: $CRNNGAN_LIBRARY, else ~/.crnngan/library)`

const OPTIONS = {
  data: { type: 'string' },
  out: { type: 'string' },
  preset: { type: 'string' },
  epochs: { type: 'string' },
  from: { type: 'string' },
  'from-checkpoint': { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  'json-progress': { type: 'boolean' },
  library: { type: 'string' },
} as const

/** `x` with `digits` decimals, '-' when not finite. */
const num = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '-')

/** The run's config: the saved one when resuming (epochs may be raised), else the preset with overrides. */
function runConfig(
  runDir: string,
  preset: string | undefined,
  epochs: number | undefined,
  seed: number | undefined,
): TrainConfig {
  const saved = join(runDir, 'config.json')
  if (existsSync(saved)) {
    const config = parseTrainConfig(parseJson(readFileSync(saved, 'utf8'), saved), saved)
    if (preset && preset !== config.preset)
      throw new UsageError(
        `'${runDir}' holds a '${config.preset}' run; use a new --out to train preset '${preset}'`,
      )
    return epochs ? { ...config, schedule: { ...config.schedule, epochs } } : config
  }
  if (preset && !(PRESET_NAMES as readonly string[]).includes(preset))
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got '${preset}'`)
  return makeConfig(preset ?? 'paper', {
    ...(seed !== undefined ? { seed } : {}),
    ...(epochs ? { schedule: { epochs } } : {}),
  })
}

/** Formats one event for a human on stderr; returns null for events not shown. */
function describe(e: HostEvent, tty: boolean): string | null {
  switch (e.type) {
    case 'ready':
      return `backend: ${e.backend}${e.reason ? ` (${e.reason})` : ''}\n`
    case 'progress': {
      const pct = Math.floor((100 * (e.step + 1)) / e.stepsPerEpoch)
      const losses =
        e.phase === 'pretrain' ? `mse ${num(e.mseLoss ?? NaN)}` : `D ${num(e.dLoss)} G ${num(e.gLoss)}`
      const eta = Number.isFinite(e.etaSeconds) ? ` ETA ${duration(e.etaSeconds)}` : ''
      const line = `epoch ${e.epoch + 1} ${e.phase} ${e.step + 1}/${e.stepsPerEpoch} (${pct}%) T=${e.songLength} ${losses} ${num(e.stepsPerSecond, 2)} steps/s${eta}`
      return tty ? `\r${line}\x1b[K` : null
    }
    case 'epochEnd':
      return `${tty ? '\r\x1b[K' : ''}epoch ${e.epoch + 1} done (${e.phase}, T=${e.songLength}): validation ${num(e.validationLoss)}, tone span ${num(e.metrics.toneSpan, 1)} (real ${num(e.reference.toneSpan, 1)}), unique ${num(e.metrics.uniqueTones, 1)} (real ${num(e.reference.uniqueTones, 1)})${e.evaluation ? `, summary score ${num(e.evaluation.score, 2)}` : ''}\n`
    case 'checkpoint':
      return `${tty ? '\r\x1b[K' : ''}checkpoint (${e.reason}${e.isBest ? ', best' : ''}): ${e.path}\n`
    case 'rollback':
      return `\n${e.cause === 'collapse' ? `epoch ${e.epoch + 1}: ${e.reason}` : `NaN/Inf at epoch ${e.epoch + 1}`}: rolled back to ${e.checkpointPath}, learning rates now G ${e.lrG} / D ${e.lrD}\n`
    case 'paused':
      return '\npaused\n'
    case 'stopped':
      return `\nstopped at epoch ${e.epoch}; run again with the same --out to resume\n`
    case 'finished':
      return `\nfinished ${e.epochs} epochs; last checkpoint ${e.checkpointPath ?? '-'}\n`
    case 'failed':
      return `\nfailed (${e.code}): ${e.message}\n`
    case 'warning':
      return `${tty ? '\r\x1b[K' : ''}warning: ${e.message}\n`
    default:
      return null
  }
}

export const trainCommand: Command = {
  summary: 'train C-RNN-GAN on a dataset or folder (resumes an existing --out run)',
  async run(args) {
    const { values } = parseOrHelp(args, OPTIONS, USAGE) ?? {}
    if (!values) return 0
    requireOptions(values, ['data', 'out'], USAGE)
    const prefer = choiceOption('backend', values.backend, BACKENDS)
    const runDir = resolve(values.out)
    const epochs = values.epochs === undefined ? undefined : intOption('epochs', values.epochs, 1, 1, 100_000)
    const seed = values.seed === undefined ? undefined : intOption('seed', values.seed, 0, 0, 0xffffffff)
    let config: TrainConfig
    let startFrom: StartRequest['startFrom']
    if (values.from && !existsSync(join(runDir, 'config.json'))) {
      if (values.preset) throw new UsageError('--from fine-tunes an existing model: leave out --preset')
      const fromDir = await runDirOrStarter(values.from)
      const checkpoint = checkpointOption(values['from-checkpoint'])
      const source = await loadRunModel(fromDir, checkpoint)
      source.model.dispose()
      config = fineTuneConfig(source.config, {
        startFrom: { run: values.from, checkpointEpoch: source.epoch },
        epochs: epochs ?? 20,
        seed,
      })
      startFrom = { runDir: fromDir, checkpoint }
    } else config = runConfig(runDir, values.preset, epochs, seed)
    const isDir = existsSync(values.data) && statSync(values.data).isDirectory()
    const req: StartRequest = {
      type: 'start',
      // The run folder names the run, as `train:list` and `--from` do.
      runId: basename(runDir),
      config,
      runDir,
      ...(startFrom ? { startFrom } : {}),
      ...(isDir
        ? { data: { kind: 'folder', dir: resolve(values.data) } }
        : { datasetId: values.data, libraryDir: values.library ?? process.env.CRNNGAN_LIBRARY }),
    }
    const json = values['json-progress'] === true
    const tty = process.stderr.isTTY === true
    const worker = new Worker(new URL('../../ml/host/workerEntry.boot.mjs', import.meta.url), {
      workerData: { prefer },
    })
    let stopping = false
    const onSigint = (): void => {
      if (stopping) {
        process.stderr.write('\nforced exit (no checkpoint)\n')
        void worker.terminate()
        return
      }
      stopping = true
      process.stderr.write('\nstopping: saving a checkpoint (Ctrl-C again to force)…\n')
      worker.postMessage({ type: 'stop' })
    }
    process.on('SIGINT', onSigint)
    try {
      return await new Promise<number>((done) => {
        let code = 1
        worker.on('message', (e: HostEvent) => {
          if (json)
            process.stdout.write(
              `${JSON.stringify(e, (_k, v) => (v instanceof Uint8Array ? v.length : v))}\n`,
            )
          const text = describe(e, tty)
          if (text && (!json || e.type !== 'progress')) process.stderr.write(text)
          if (e.type === 'ready') worker.postMessage(req)
          const end = { finished: 0, stopped: 130, failed: 1 } as Record<string, number>
          if (e.type in end && !('requestId' in e && e.requestId)) {
            code = end[e.type]
            worker.postMessage({ type: 'shutdown' })
          }
        })
        worker.on('error', (err) => {
          process.stderr.write(`\ntrainer crashed: ${err.message}\n`)
          code = 1
        })
        worker.on('exit', () => done(code))
      })
    } finally {
      process.off('SIGINT', onSigint)
    }
  },
}
