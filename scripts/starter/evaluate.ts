// `--evaluate`: the model card's numbers. The evaluation protocol (src-main/ml/evaluation, version 1) of 100
// samples of the exported starter model and of the MLE-only baseline vs one real 100-event window per piece of the
// validation split; the six paper metrics vs the training and the validation split; memorisation figures.
import { join } from 'node:path'
import { selectBackend } from '../../src-main/ml/backend/index'
import { writeFileAtomic } from '../../src-main/ml/checkpoints/atomic'
import { buildMemorisationIndex, longestSharedRun } from '../../src-main/ml/sampling/memorisation'
import { loadRunModel } from '../../src-main/ml/sampling/sample'
import { loadStarterModel } from '../../src-main/ml/starter/starterModel'
import { summarize } from '../../src-main/cli/commands/evaluate'
import { evaluateProtocol, reportMarkdown } from '../../src-main/ml/evaluation/index'
import { loadCells, starterFiles } from './data'
import { SIX, metricsOfBatch, realWindows, sampleRaw, summarizeSix, type SixSummary } from './metrics'

/** Options of {@link evaluateStarter}. */
export interface EvaluateOptions {
  readonly dest: string
  readonly baselineDir: string
  readonly corpusDir: string
  readonly log: (line: string) => void
  readonly samples?: number
  readonly length?: number
  readonly seed?: number
}

/** Evaluates and writes `<dest>/evaluation.json`; prints markdown tables for the model card. */
export async function evaluateStarter(o: EvaluateOptions): Promise<void> {
  const { samples = 100, length = 100, seed = 1234 } = o
  await selectBackend()
  const starter = await loadStarterModel(o.dest)
  const baseline = await loadRunModel(o.baselineDir, 'latest')
  try {
    const K = starter.config.model.tonesPerCell
    const F = 3 * K + 1
    const files = await starterFiles(o.corpusDir)
    const train = await loadCells(
      files.filter((f) => f.split === 'train'),
      K,
    )
    const validation = await loadCells(
      files.filter((f) => f.split === 'validation'),
      K,
    )
    const index = buildMemorisationIndex(train, F)
    const memo = (raw: Float32Array, n: number): ReturnType<typeof summarize> & { max: number } => {
      const runs: number[] = []
      for (let c = 0; c < n; c++)
        runs.push(longestSharedRun(raw.subarray(c * length * F, (c + 1) * length * F), F, index).longestRun)
      return { ...summarize(runs), max: Math.max(...runs) }
    }
    const gS = sampleRaw(starter.model, starter.config, samples, length, seed)
    const gB = sampleRaw(baseline.model, baseline.config, samples, length, seed)
    const rT = realWindows(train, F, length, seed)
    const rV = realWindows(validation, F, length, seed)
    const columns: Record<string, SixSummary> = {
      [`C-RNN-GAN (epoch ${starter.manifest.epoch})`]: summarizeSix(
        metricsOfBatch(gS, samples, length, starter.config),
      ),
      [`MLE baseline (epoch ${baseline.epoch})`]: summarizeSix(
        metricsOfBatch(gB, samples, length, baseline.config),
      ),
      'real: training split': summarizeSix(metricsOfBatch(rT, train.length, length, starter.config)),
      'real: validation split': summarizeSix(metricsOfBatch(rV, validation.length, length, starter.config)),
    }
    const memorisation = {
      starter: memo(gS, samples),
      baseline: memo(gB, samples),
      // Chance level: how long a run real, unseen Bach shares with the training pieces.
      realValidationWindows: memo(rV, validation.length),
    }
    // The protocol: both models' samples against the same held-out real windows, with the same protocol seed.
    const real = { cells: rV, count: validation.length, length }
    const protocol = {
      starter: await evaluateProtocol({ cells: gS, count: samples, length }, real, K, {
        seed,
        pitchMode: starter.config.pitchMode,
      }),
      baseline: await evaluateProtocol({ cells: gB, count: samples, length }, real, K, {
        seed,
        pitchMode: baseline.config.pitchMode,
      }),
    }
    const report = {
      createdAt: new Date().toISOString(),
      protocol,
      samples,
      length,
      seed,
      trainSongs: train.length,
      validationSongs: validation.length,
      columns,
      memorisation,
    }
    await writeFileAtomic(join(o.dest, 'evaluation.json'), `${JSON.stringify(report, null, 1)}\n`)
    const names = Object.keys(columns)
    const f = (x: number): string =>
      Number.isFinite(x) ? (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3)) : '-'
    const lines = [`| metric | ${names.join(' | ')} |`, `|---|${names.map(() => '---|').join('')}`]
    for (const k of SIX)
      lines.push(
        `| ${k} | ${names
          .map((n) => {
            const s = columns[n][k]
            return `${f(s.mean)} (${f(s.p10)} / ${f(s.p50)} / ${f(s.p90)})`
          })
          .join(' | ')} |`,
      )
    lines.push(
      `| sequences (empty) | ${names.map((n) => `${columns[n].n} (${columns[n].empty})`).join(' | ')} |`,
    )
    lines.push(
      '',
      '| longest run shared with a training piece | mean | p10 | p50 | p90 | max |',
      '|---|---|---|---|---|---|',
    )
    for (const [k, m] of Object.entries(memorisation))
      lines.push(`| ${k} | ${f(m.mean)} | ${m.p10} | ${m.p50} | ${m.p90} | ${m.max} |`)
    lines.push(
      '',
      `### Evaluation protocol v${protocol.starter.version}: C-RNN-GAN (epoch ${starter.manifest.epoch}) vs the validation split`,
      '',
      reportMarkdown(protocol.starter),
      '',
      `### Evaluation protocol v${protocol.baseline.version}: MLE baseline (epoch ${baseline.epoch}) vs the validation split`,
      '',
      reportMarkdown(protocol.baseline),
    )
    o.log(lines.join('\n'))
  } finally {
    starter.model.dispose()
    baseline.model.dispose()
  }
}
