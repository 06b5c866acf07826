// `--select`: picks the checkpoint to ship by the evaluation protocol's summary score (src-main/ml/evaluation,
// version 1). The validation loss is teacher-forced MSE, which does not track a GAN's samples, so each candidate
// (archived + kept checkpoints) samples a seeded batch that is scored against one real window per piece of the
// TRAINING split (the validation split stays untouched for the reported evaluation). Every score is logged and
// written to <run>/selection.json.
import { existsSync, promises as fs } from 'node:fs'
import { join } from 'node:path'
import { selectBackend } from '../../src-main/ml/backend/index'
import { loadCheckpoint } from '../../src-main/ml/checkpoints/verify'
import { writeFileAtomic } from '../../src-main/ml/checkpoints/atomic'
import {
  EVAL_PROTOCOL_VERSION,
  evaluateAgainst,
  generatedWindows,
  prepareReal,
  realWindows,
  type RealReference,
} from '../../src-main/ml/evaluation/index'
import type { SongCells } from '../../src-main/ml/training/batching'
import { buildModel } from '../../src-main/ml/training/modelFactory'
import { arraysToWeights } from '../../src-main/ml/training/runState'
import { loadCells, starterFiles } from './data'

/** Seed of the selection samples: not the evaluation seed (1234), so the reported samples are fresh draws. */
export const SELECT_SEED = 4321

/** One scored candidate. */
export interface ScoredCheckpoint {
  readonly name: string
  readonly dir: string
  readonly epoch: number
  /** The protocol's summary score (higher = closer to the real windows). */
  readonly score: number
  readonly components: Readonly<Record<string, number>>
  readonly paperMetricsInside: number
  readonly keptNotesPerEvent: number
  readonly medianVelocity: number
  readonly discriminative: number | null
}

/** Checkpoint folders (e<epoch>-s<step>) under `<runDir>/archive` and `<runDir>/checkpoints`, by name. */
export async function candidateDirs(runDir: string): Promise<Map<string, string>> {
  const byName = new Map<string, string>()
  for (const sub of ['archive', 'checkpoints']) {
    const at = join(runDir, sub)
    if (!existsSync(at)) continue
    for (const n of (await fs.readdir(at)).sort()) if (/^e\d+-s\d+$/.test(n)) byName.set(n, join(at, n))
  }
  return byName
}

/**
 * Scores every candidate by the protocol against one seeded window per song of `train`, best first. GAN
 * checkpoints still in pretraining are skipped (they are the baseline's business).
 */
export async function rankCheckpoints(o: {
  candidates: ReadonlyMap<string, string>
  train: readonly SongCells[]
  samples: number
  seed: number
  log: (line: string) => void
}): Promise<ScoredCheckpoint[]> {
  const refs = new Map<string, RealReference>()
  const scored: ScoredCheckpoint[] = []
  for (const [name, dir] of o.candidates) {
    const ck = await loadCheckpoint(dir)
    if (ck.state.epoch <= ck.config.schedule.pretrainEpochs && ck.config.adversarial.mode === 'gan') continue
    const K = ck.config.model.tonesPerCell
    const L = ck.config.data.maxLength
    const key = `${K}/${L}`
    let ref = refs.get(key)
    if (!ref) {
      ref = prepareReal(realWindows(o.train, K, L, o.seed), K, o.seed)
      refs.set(key, ref)
    }
    const model = buildModel(ck.config)
    try {
      model.setWeights(arraysToWeights(ck.weights))
      const gen = generatedWindows(model, ck.config, {
        count: o.samples,
        length: L,
        seed: o.seed,
        dropout: true,
      })
      const r = await evaluateAgainst(gen, ref, { seed: o.seed, pitchMode: ck.config.pitchMode })
      const s: ScoredCheckpoint = {
        name,
        dir,
        epoch: ck.state.epoch,
        score: r.summary.score,
        components: Object.fromEntries(r.summary.components.map((c) => [c.key, c.value])),
        paperMetricsInside: r.paperMetrics.inside,
        keptNotesPerEvent: r.keptNotes.generated,
        medianVelocity: r.velocity.generated.p50,
        discriminative: r.discriminative.score,
      }
      scored.push(s)
      o.log(
        `${name}: summary ${s.score.toFixed(3)} (${Object.entries(s.components)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')})`,
      )
    } finally {
      model.dispose()
    }
  }
  // Best first; NaN (nothing computable) last; the sort is stable, so ties keep the earlier checkpoint.
  const key = (s: ScoredCheckpoint): number => (Number.isFinite(s.score) ? s.score : -Infinity)
  return scored.sort((a, b) => key(b) - key(a) || 0)
}

/** Scores every checkpoint of the run on the starter's training split; returns the best folder. */
export async function selectCheckpoint(o: {
  runDir: string
  corpusDir: string
  log: (line: string) => void
  samples?: number
}): Promise<string> {
  const { samples = 100 } = o
  await selectBackend()
  const candidates = await candidateDirs(o.runDir)
  if (candidates.size === 0) throw new Error(`no checkpoints under '${o.runDir}'`)
  const first = await loadCheckpoint([...candidates.values()][0])
  const files = await starterFiles(o.corpusDir)
  const train = await loadCells(
    files.filter((f) => f.split === 'train'),
    first.config.model.tonesPerCell,
  )
  const scored = await rankCheckpoints({ candidates, train, samples, seed: SELECT_SEED, log: o.log })
  if (scored.length === 0) throw new Error(`no adversarial checkpoints under '${o.runDir}'`)
  await writeFileAtomic(
    join(o.runDir, 'selection.json'),
    `${JSON.stringify({ protocolVersion: EVAL_PROTOCOL_VERSION, seed: SELECT_SEED, samples, scored }, null, 1)}\n`,
  )
  o.log(`selected ${scored[0].name} (epoch ${scored[0].epoch}, summary ${scored[0].score.toFixed(3)})`)
  return scored[0].dir
}
