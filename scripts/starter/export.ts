// `--export`: writes a run's checkpoint as the shipped float16 starter model, then checks that float16 sampling
// matches float32 sampling (same seed, six metrics of 100 × 100-event samples) and records the figures.
import { existsSync, promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import { selectBackend } from '../../src-main/ml/backend/index'
import { resolveCheckpoint } from '../../src-main/ml/checkpoints/select'
import { loadCheckpoint } from '../../src-main/ml/checkpoints/verify'
import { writeFileAtomic } from '../../src-main/ml/checkpoints/atomic'
import { buildModel, toModelSpec } from '../../src-main/ml/training/modelFactory'
import { arraysToWeights } from '../../src-main/ml/training/runState'
import { loadStarterModel } from '../../src-main/ml/starter/starterModel'
import { criticScores } from '../../src-main/ml/sampling/sample'
import { toModelSpace } from '../../src-main/ml/training/features'
import { SIX, metricsOfBatch, sampleRaw, summarizeSix } from './metrics'

/** Options of {@link exportStarter}. */
export interface ExportOptions {
  readonly runDir: string
  readonly dest: string
  /** 'latest' | 'best' | an epoch number as text | a checkpoint folder. */
  readonly checkpoint: string
  readonly corpusDir: string
  readonly log: (line: string) => void
}

const SAMPLES = 100
const LENGTH = 100
const SEED = 1234

/** 'latest' | 'best' | N; a checkpoint folder is handled by the caller. */
function checkpointRef(v: string): 'latest' | 'best' | number {
  if (v === 'latest' || v === 'best') return v
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--checkpoint must be latest, best, an epoch N or a checkpoint folder, got '${v}'`)
  return n
}

/** Exports and verifies; the float16-vs-float32 figures go to `<dest>/export-check.json`. */
export async function exportStarter(o: ExportOptions): Promise<void> {
  await selectBackend()
  const path = existsSync(join(o.checkpoint, 'meta.json'))
    ? o.checkpoint
    : await resolveCheckpoint(o.runDir, checkpointRef(o.checkpoint))
  const ck = await loadCheckpoint(path)
  if (ck.state.step !== 0)
    o.log(`note: ${basename(path)} is mid-epoch (epoch ${ck.state.epoch}, step ${ck.state.step})`)
  const manifest = await (
    await import('../../src-main/ml/starter/starterFormat')
  ).writeStarter(o.dest, {
    name: 'Starter: J.S. Bach (public domain)',
    createdAt: new Date().toISOString(),
    epoch: ck.state.epoch,
    globalStep: ck.state.globalStep,
    sourceCheckpoint: basename(path),
    validationLoss: Number.isFinite(ck.state.validationLoss) ? ck.state.validationLoss : null,
    config: ck.config,
    spec: toModelSpec(ck.config),
    weights: ck.weights,
  })
  o.log(
    `exported ${basename(path)} (epoch ${ck.state.epoch}) to ${o.dest}: ${manifest.weights.bytes} bytes of float16`,
  )

  const f32 = buildModel(ck.config)
  f32.setWeights(arraysToWeights(ck.weights))
  const f16 = await loadStarterModel(o.dest)
  try {
    let maxAbs = 0
    let maxRel = 0
    for (const [i, w] of ck.weights.entries()) {
      const h = f16.weights[i].data
      for (let j = 0; j < w.data.length; j++) {
        const d = Math.abs(w.data[j] - h[j])
        maxAbs = Math.max(maxAbs, d)
        if (Math.abs(w.data[j]) > 1e-3) maxRel = Math.max(maxRel, d / Math.abs(w.data[j]))
      }
    }
    const a = sampleRaw(f32, ck.config, SAMPLES, LENGTH, SEED)
    const b = sampleRaw(f16.model, f16.config, SAMPLES, LENGTH, SEED)
    let featDiff = 0
    for (let i = 0; i < a.length; i++) featDiff += Math.abs(a[i] - b[i])
    // Critic ranking (the app's "rank" option) must agree too: D of both precisions on the same float32 samples.
    const inModel = toModelSpace(a, 3 * ck.config.model.tonesPerCell + 1, ck.config.model.features)
    const dA = criticScores(f32, inModel, SAMPLES, LENGTH)
    const dB = criticScores(f16.model, inModel, SAMPLES, LENGTH)
    const order = (xs: number[]): number[] => xs.map((_, i) => i).sort((i, j) => xs[j] - xs[i])
    const [oA, oB] = [order(dA), order(dB)]
    const critic = {
      maxAbsDiff: Math.max(...dA.map((x, i) => Math.abs(x - dB[i]))),
      sameTop10: oA.slice(0, 10).filter((i) => oB.slice(0, 10).includes(i)).length,
      sameOrder: oA.every((x, i) => x === oB[i]),
      // A saturated critic (all ≈ 0 or 1) ranks by ties: worth knowing before trusting "rank".
      range: [Math.min(...dA), Math.max(...dA)],
    }
    const sa = summarizeSix(metricsOfBatch(a, SAMPLES, LENGTH, ck.config))
    const sb = summarizeSix(metricsOfBatch(b, SAMPLES, LENGTH, ck.config))
    const report = {
      checkpoint: basename(path),
      samples: SAMPLES,
      length: LENGTH,
      seed: SEED,
      weightMaxAbsDiff: maxAbs,
      weightMaxRelDiff: maxRel,
      meanAbsFeatureDiff: featDiff / a.length,
      critic,
      float32: sa,
      float16: sb,
    }
    await writeFileAtomic(join(o.dest, 'export-check.json'), `${JSON.stringify(report, null, 1)}\n`)
    o.log(
      `weights: max |Δ| ${maxAbs.toExponential(2)}, max rel ${maxRel.toExponential(2)}; samples mean |Δfeature| ${report.meanAbsFeatureDiff.toExponential(2)}`,
    )
    o.log(
      `critic: max |ΔD| ${critic.maxAbsDiff.toExponential(2)}, top-10 overlap ${critic.sameTop10}/10, same order ${critic.sameOrder}, D in [${critic.range.map((x) => x.toExponential(2)).join(', ')}]`,
    )
    o.log('metric             float32 mean (p10/p50/p90)          float16 mean (p10/p50/p90)')
    for (const k of SIX) {
      const fmt = (s: typeof sa): string =>
        `${s[k].mean.toFixed(3)} (${s[k].p10.toFixed(2)}/${s[k].p50.toFixed(2)}/${s[k].p90.toFixed(2)})`
      o.log(`${k.padEnd(18)} ${fmt(sa).padEnd(35)} ${fmt(sb)}`)
    }
    const sizes = await Promise.all(
      (await fs.readdir(o.dest)).map(async (n) => `${n} ${(await fs.stat(join(o.dest, n))).size}`),
    )
    o.log(`shipped files: ${sizes.join(', ')}`)
  } finally {
    f32.dispose()
    f16.model.dispose()
  }
}
