// Trains one starter run (the GAN or the MLE-only baseline) on the public-domain split, in this process, with
// checkpoints in a run folder; rerunning with the same folder resumes from its latest checkpoint.
import { cpSync, existsSync, promises as fs, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { selectBackend, type BackendName } from '../../src-main/ml/backend/index'
import { makeConfig } from '../../src-main/ml/config/presets'
import { parseTrainConfig, type TrainConfig } from '../../src-main/ml/config/trainConfig'
import { writeFileAtomic } from '../../src-main/ml/checkpoints/atomic'
import type { HostEvent } from '../../src-main/ml/host/protocol'
import { Trainer } from '../../src-main/ml/training/trainer'
import { loadCells, starterFiles } from './data'

/** Size/length choices of a starter run (defaults: paper size). */
export interface StarterTrainOptions {
  readonly corpusDir: string
  readonly runDir: string
  readonly preset: 'paper' | 'baseline' | 'studio'
  readonly hidden?: number
  readonly maxLength?: number
  readonly epochs?: number
  /** Copy every N-th epoch's checkpoint to `<runDir>/archive` (the run itself keeps only the last few). */
  readonly archiveEvery?: number
  readonly backend?: BackendName
  readonly signal?: AbortSignal
  readonly log: (line: string) => void
}

/** The run's config: the saved one when resuming (epochs may be raised), else the preset + overrides. */
export function starterConfig(o: StarterTrainOptions): TrainConfig {
  const saved = join(o.runDir, 'config.json')
  if (existsSync(saved)) {
    const c = parseTrainConfig(JSON.parse(readFileSync(saved, 'utf8')), saved)
    if (c.preset !== o.preset) throw new Error(`'${o.runDir}' holds a '${c.preset}' run, not '${o.preset}'`)
    return o.epochs ? { ...c, schedule: { ...c.schedule, epochs: o.epochs } } : c
  }
  return makeConfig(o.preset, {
    model: o.hidden ? { hidden: o.hidden } : {},
    data: { ...(o.maxLength ? { maxLength: o.maxLength } : {}), validationFraction: 0 },
    // Every epoch: the session may end at any time and the best-by-validation checkpoint should be at hand.
    schedule: { checkpointEvery: 1, keepLast: 2, ...(o.epochs ? { epochs: o.epochs } : {}) },
  })
}

const f3 = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(3) : '-')

/** Trains (or resumes) the run; resolves when it finishes or is stopped by `signal` (a checkpoint is saved). */
export async function trainStarter(o: StarterTrainOptions): Promise<'finished' | 'stopped'> {
  const choice = await selectBackend({ prefer: o.backend })
  o.log(`backend ${choice.backend} (${choice.reason})`)
  const config = starterConfig(o)
  const files = await starterFiles(o.corpusDir)
  const K = config.model.tonesPerCell
  const train = await loadCells(
    files.filter((f) => f.split === 'train'),
    K,
  )
  const validation = await loadCells(
    files.filter((f) => f.split === 'validation'),
    K,
  )
  o.log(
    `${train.length} training songs, ${validation.length} validation songs; config ${JSON.stringify(config)}`,
  )
  await fs.mkdir(o.runDir, { recursive: true })
  await writeFileAtomic(
    join(o.runDir, 'starter-data.json'),
    JSON.stringify(
      {
        corpus: o.corpusDir,
        files: files.map(({ name, source, split, piece }) => ({ name, source, split, piece })),
      },
      null,
      1,
    ),
  )
  const t0 = Date.now()
  const emit = (e: HostEvent): void => {
    const at = `[${((Date.now() - t0) / 1000).toFixed(0)}s]`
    if (e.type === 'progress' && (e.step + 1) % 5 === 0)
      o.log(
        `${at} epoch ${e.epoch + 1} ${e.phase} ${e.step + 1}/${e.stepsPerEpoch} T=${e.songLength} D ${f3(e.dLoss)} G ${f3(e.gLoss)} mse ${f3(e.mseLoss)} ${e.stepsPerSecond.toFixed(3)} steps/s`,
      )
    else if (e.type === 'epochEnd')
      o.log(
        `${at} epoch ${e.epoch + 1} done (${e.phase}, T=${e.songLength}) val ${f3(e.validationLoss)} metrics ${JSON.stringify(e.metrics)} real ${JSON.stringify(e.reference)}`,
      )
    else if (e.type === 'checkpoint') {
      o.log(`${at} checkpoint ${e.reason}${e.isBest ? ' (best)' : ''} ${e.path}`)
      // Copied before the next checkpoint can delete it (the trainer awaits nothing here, so copy synchronously).
      if (
        o.archiveEvery &&
        e.epoch % o.archiveEvery === 0 &&
        (e.reason === 'periodic' || e.reason === 'final')
      )
        cpSync(e.path, join(o.runDir, 'archive', basename(e.path)), { recursive: true })
    } else if (e.type === 'rollback' || e.type === 'finished' || e.type === 'stopped')
      o.log(`${at} ${JSON.stringify(e)}`)
  }
  const trainer = new Trainer({
    config,
    songs: train,
    validationSongs: validation,
    runDir: o.runDir,
    runId: `starter-${o.preset}`,
    backend: choice.backend,
    emit,
    signal: o.signal,
  })
  try {
    return await trainer.run()
  } finally {
    trainer.dispose()
  }
}
