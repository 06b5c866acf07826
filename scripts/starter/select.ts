// `--select`: picks the checkpoint to ship. The validation loss is teacher-forced MSE, which does not track a GAN's
// samples, so each candidate (archived + kept checkpoints) is scored by how far its samples' six metrics are from
// real windows of the TRAINING split (the validation split stays untouched for the reported evaluation).
import { existsSync, promises as fs } from 'node:fs'
import { join } from 'node:path'
import { selectBackend } from '../../src-main/ml/backend/index'
import { loadCheckpoint } from '../../src-main/ml/checkpoints/verify'
import { writeFileAtomic } from '../../src-main/ml/checkpoints/atomic'
import { buildModel } from '../../src-main/ml/training/modelFactory'
import { arraysToWeights } from '../../src-main/ml/training/runState'
import { loadCells, starterFiles } from './data'
import { SIX, metricsOfBatch, realWindows, sampleRaw, summarizeSix, type SixSummary } from './metrics'

/** Seed of the selection samples: not the evaluation seed (1234), so the reported samples are fresh draws. */
const SELECT_SEED = 4321

/** Smallest spread per metric: real JSB velocities are constant (p90 − p10 = 0), which would make intensity dominate. */
const MIN_SPREAD: Record<(typeof SIX)[number], number> = {
  toneSpan: 1,
  uniqueTones: 1,
  intensitySpan: 20,
  scaleConsistency: 0.05,
  polyphony: 0.05,
  repetitions3: 1,
}

/**
 * Distance of generated to real metrics: Σ over the six metrics of |mean_gen − mean_real| / max(p90 − p10 of real,
 * MIN_SPREAD), plus 1 per empty sample in 10 (silence must not win).
 */
export function metricDistance(gen: SixSummary, real: SixSummary): number {
  let d = (10 * gen.empty) / Math.max(1, gen.n)
  for (const k of SIX) {
    const spread = Math.max(real[k].p90 - real[k].p10, MIN_SPREAD[k])
    d += Number.isFinite(gen[k].mean) ? Math.abs(gen[k].mean - real[k].mean) / spread : 10
  }
  return d
}

/** Scores every checkpoint folder of `<runDir>/archive` and `<runDir>/checkpoints`; returns the best folder. */
export async function selectCheckpoint(o: {
  runDir: string
  corpusDir: string
  log: (line: string) => void
  samples?: number
}): Promise<string> {
  const { samples = 100 } = o
  await selectBackend()
  const dirs: string[] = []
  for (const sub of ['archive', 'checkpoints']) {
    const at = join(o.runDir, sub)
    if (!existsSync(at)) continue
    for (const n of (await fs.readdir(at)).sort()) if (/^e\d+-s\d+$/.test(n)) dirs.push(join(at, n))
  }
  const byName = new Map(dirs.map((d) => [d.split(/[/\\]/).at(-1)!, d]))
  if (byName.size === 0) throw new Error(`no checkpoints under '${o.runDir}'`)
  const files = await starterFiles(o.corpusDir)
  let real: SixSummary | null = null
  const scored: { name: string; epoch: number; distance: number; metrics: Record<string, number> }[] = []
  for (const [name, dir] of byName) {
    const ck = await loadCheckpoint(dir)
    // Pretraining-only checkpoints are the baseline's business, not the GAN's.
    if (ck.state.epoch <= ck.config.schedule.pretrainEpochs && ck.config.adversarial.mode === 'gan') continue
    const L = ck.config.data.maxLength
    if (!real) {
      const K = ck.config.model.tonesPerCell
      const train = await loadCells(
        files.filter((f) => f.split === 'train'),
        K,
      )
      real = summarizeSix(
        metricsOfBatch(realWindows(train, 3 * K + 1, L, SELECT_SEED), train.length, L, ck.config),
      )
    }
    const model = buildModel(ck.config)
    try {
      model.setWeights(arraysToWeights(ck.weights))
      const gen = summarizeSix(
        metricsOfBatch(sampleRaw(model, ck.config, samples, L, SELECT_SEED), samples, L, ck.config),
      )
      const distance = metricDistance(gen, real)
      const metrics = Object.fromEntries(SIX.map((k) => [k, gen[k].mean]))
      scored.push({ name, epoch: ck.state.epoch, distance, metrics })
      o.log(
        `${name}: distance ${distance.toFixed(3)} ${SIX.map((k) => `${k} ${gen[k].mean.toFixed(2)}`).join(', ')}`,
      )
    } finally {
      model.dispose()
    }
  }
  if (scored.length === 0) throw new Error(`no adversarial checkpoints under '${o.runDir}'`)
  scored.sort((a, b) => a.distance - b.distance)
  await writeFileAtomic(
    join(o.runDir, 'selection.json'),
    `${JSON.stringify({ seed: SELECT_SEED, samples, real, scored }, null, 1)}\n`,
  )
  o.log(`selected ${scored[0].name} (epoch ${scored[0].epoch})`)
  return byName.get(scored[0].name)!
}
