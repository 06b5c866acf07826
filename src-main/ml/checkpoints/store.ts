// Checkpoint folders of a run: `<runDir>/checkpoints/e0003-s00000/` holding meta.json, weights.bin, optimizer.bin;
// an index (`run.json`) lists them in save order and names the best by validation loss. A save never touches a
// folder the index lists: it writes a NEW folder (temp folder + fsync + rename), swaps the index atomically, and only
// then removes the folders the new index no longer lists. A crash at any point leaves the old or the new index, each
// listing only complete folders.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseJson } from '../../common/json'
import type { TrainConfig } from '../config/trainConfig'
import { writeDirAtomic, writeFileAtomic } from './atomic'
import { packArrays, type NamedArray } from './binary'

export const CHECKPOINT_VERSION = 1

/** Where training stands: `epoch` in progress (or completed count when step = 0) and the next batch `step`. */
export interface TrainState {
  /** Epoch to run next (0-based); equals completed epochs when `step` is 0. */
  readonly epoch: number
  /** Next batch index within `epoch`. */
  readonly step: number
  /** Batches trained so far, all epochs. */
  readonly globalStep: number
  /** Run seed; with (epoch, step) it determines every random stream (see training/seeds.ts). */
  readonly seed: number
  /** Cells per sequence (curriculum) of `epoch`. */
  readonly songLength: number
  /** Previous batch's losses used by the freezing rule. */
  readonly prevD: number
  readonly prevG: number
  /** Current learning rates (lowered by NaN rollbacks). */
  readonly lrG: number
  readonly lrD: number
  /** Validation loss at save time (NaN if none). */
  readonly validationLoss: number
  /** Best validation loss so far in the run. */
  readonly bestValidationLoss: number
  /**
   * Evaluation protocol summary score (0–1) of the samples of the epoch just ended; NaN or absent when the run
   * draws no samples per epoch (and in checkpoints written before scores were kept).
   */
  readonly score?: number
  /** Per-epoch loss history: [epoch, dLoss, gLoss, mse, validation]. */
  readonly history: readonly (readonly number[])[]
}

/** A checkpoint in memory. */
export interface CheckpointData {
  readonly config: TrainConfig
  readonly state: TrainState
  readonly weights: readonly NamedArray[]
  /** Optimizer slots (Adam moments), prefixed 'g/' or 'd/'; empty for SGD. */
  readonly optimizer: readonly NamedArray[]
}

const entrySchema = z.object({
  name: z.string().regex(/^e\d+-s\d+(-r\d+)?$/),
  epoch: z.number(),
  step: z.number(),
  globalStep: z.number(),
  validationLoss: z.number().nullable(),
  /** Absent in run.json files written before scores were kept. */
  score: z.number().nullable().optional(),
  reason: z.string(),
})
const indexSchema = z.object({
  type: z.literal('crnngan-run'),
  version: z.number(),
  checkpoints: z.array(entrySchema),
  best: z.string().nullable(),
})
export type CheckpointEntry = z.infer<typeof entrySchema>
export type RunIndex = z.infer<typeof indexSchema>

/** The two data files of a checkpoint, as meta.json's `files` records them. */
export const DATA_FILES = { weights: 'weights.bin', optimizer: 'optimizer.bin' } as const

const num = (v: number): number | null => (Number.isFinite(v) ? v : null)
export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const emptyIndex = (): RunIndex => ({
  type: 'crnngan-run',
  version: CHECKPOINT_VERSION,
  checkpoints: [],
  best: null,
})
export const checkpointsDir = (runDir: string): string => join(runDir, 'checkpoints')

/**
 * Reads a run's checkpoint index as written; an empty index when the run has none yet.
 * @throws Error naming run.json when it is empty, not JSON or not an index.
 */
export async function readIndex(runDir: string): Promise<RunIndex> {
  const path = join(runDir, 'run.json')
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex()
    throw new Error(`${path}: cannot read (${(err as Error).message})`, { cause: err })
  }
  const r = indexSchema.safeParse(parseJson(text, path))
  if (!r.success) throw new Error(`${path}: not a valid run index (${r.error.issues[0]?.message})`)
  return r.data
}

/** An index with `problems`: what was wrong with run.json and what was done about it (for a warning). */
export interface OpenedIndex {
  readonly index: RunIndex
  readonly problems: string[]
}

/**
 * The index, tolerant of damage: entries whose folder vanished are dropped, and a missing or unreadable run.json
 * with checkpoint folders beside it is rebuilt from their meta.json files (save order = global step, then time).
 */
export async function openIndex(runDir: string): Promise<OpenedIndex> {
  const problems: string[] = []
  let index: RunIndex | null = null
  try {
    index = await readIndex(runDir)
  } catch (err) {
    problems.push(`${(err as Error).message}; rebuilt from the checkpoint folders`)
  }
  const onDisk = await listFolders(runDir)
  if (index && index.checkpoints.length === 0 && onDisk.length > 0) {
    problems.push(`${join(runDir, 'run.json')} lists no checkpoint; rebuilt from the checkpoint folders`)
    index = null
  }
  if (!index) return { index: await rebuildIndex(runDir, onDisk), problems }
  const present = new Set(onDisk)
  const gone = index.checkpoints.filter((c) => !present.has(c.name))
  for (const c of gone)
    problems.push(`${join(checkpointsDir(runDir), c.name)}: listed in run.json but the folder is missing`)
  const checkpoints = index.checkpoints.filter((c) => present.has(c.name))
  const best = checkpoints.some((c) => c.name === index.best) ? index.best : null
  return { index: { ...index, checkpoints, best }, problems }
}

/** Names of the checkpoint folders on disk (no temp folders). */
export async function listFolders(runDir: string): Promise<string[]> {
  const entries = await fs.readdir(checkpointsDir(runDir), { withFileTypes: true }).catch(() => [])
  return entries
    .filter((d) => d.isDirectory() && entrySchema.shape.name.safeParse(d.name).success)
    .map((d) => d.name)
}

async function rebuildIndex(runDir: string, names: readonly string[]): Promise<RunIndex> {
  const found: (CheckpointEntry & { at: string })[] = []
  for (const name of names) {
    try {
      const path = join(checkpointsDir(runDir), name, 'meta.json')
      const m = parseJson(await fs.readFile(path, 'utf8'), path) as Record<string, unknown>
      const s = m.state as Record<string, unknown>
      if (typeof s?.epoch !== 'number' || typeof s.step !== 'number' || typeof s.globalStep !== 'number')
        continue
      const v = typeof m.validationLoss === 'number' ? m.validationLoss : null
      const score = typeof m.score === 'number' ? m.score : null
      const reason = typeof m.reason === 'string' ? m.reason : 'periodic'
      const at = typeof m.createdAt === 'string' ? m.createdAt : ''
      found.push({
        name,
        epoch: s.epoch,
        step: s.step,
        globalStep: s.globalStep,
        validationLoss: v,
        score,
        reason,
        at,
      })
    } catch {
      // A folder without a readable meta.json cannot be indexed; loading it would fail anyway.
    }
  }
  found.sort((a, b) => a.globalStep - b.globalStep || a.at.localeCompare(b.at))
  const checkpoints = found.map(({ at: _at, ...c }) => c)
  let best: CheckpointEntry | undefined
  for (const c of checkpoints) if (isBetter(c, best)) best = c
  return { ...emptyIndex(), checkpoints, best: best?.name ?? null }
}

/**
 * Whether checkpoint `a` is better than `b` (none yet: any rated `a` is). The evaluation protocol's summary score
 * decides where there is one (a higher score wins, and a scored checkpoint beats an unscored one): a GAN's
 * validation loss does not say whether its samples sound like music, and a run that collapses late can lower it.
 * Without scores (a run that draws no samples per epoch), the lower finite validation loss wins.
 */
export function isBetter(
  a: Pick<CheckpointEntry, 'validationLoss' | 'score'>,
  b: Pick<CheckpointEntry, 'validationLoss' | 'score'> | undefined,
): boolean {
  const sa = a.score ?? null
  const sb = b?.score ?? null
  if (sa !== null || sb !== null) return sa !== null && (sb === null || sa > sb)
  return a.validationLoss !== null && (b?.validationLoss == null || a.validationLoss < b.validationLoss)
}

/** `e0003-s00012`, or with `-r2`, `-r3`… when that name is taken (a re-save of the same point). */
function freshName(state: TrainState, taken: ReadonlySet<string>): string {
  const base = `e${String(state.epoch).padStart(4, '0')}-s${String(state.step).padStart(5, '0')}`
  if (!taken.has(base)) return base
  let n = 2
  while (taken.has(`${base}-r${n}`)) n++
  return `${base}-r${n}`
}

/**
 * Saves a checkpoint as a new folder and swaps the index; keeps the last `keepLast` plus the best ({@link isBetter}:
 * highest summary score, else lowest finite validation loss). A checkpoint at the same (epoch, step) as a listed one replaces it. Folders the new index drops
 * are removed after the swap (a failure to remove them only leaves garbage that {@link cleanRun} removes).
 * Returns the new checkpoint's folder and whether it is the best.
 */
export async function saveCheckpoint(
  runDir: string,
  data: CheckpointData,
  reason: string,
  keepLast: number,
): Promise<{ path: string; isBest: boolean }> {
  const { state } = data
  const dir = checkpointsDir(runDir)
  await fs.mkdir(dir, { recursive: true })
  const { index } = await openIndex(runDir)
  const name = freshName(
    state,
    new Set([...index.checkpoints.map((c) => c.name), ...(await listFolders(runDir))]),
  )
  const path = join(dir, name)
  const w = packArrays(data.weights)
  const o = packArrays(data.optimizer)
  const meta = {
    type: 'crnngan-checkpoint',
    version: CHECKPOINT_VERSION,
    createdAt: new Date().toISOString(),
    reason,
    config: data.config,
    state: { ...state, prevD: num(state.prevD), prevG: num(state.prevG) },
    validationLoss: num(state.validationLoss),
    bestValidationLoss: num(state.bestValidationLoss),
    score: num(state.score ?? NaN),
    weights: w.manifest,
    optimizer: o.manifest,
    files: {
      weights: { file: DATA_FILES.weights, bytes: w.bytes.byteLength, sha256: sha256(w.bytes) },
      optimizer: { file: DATA_FILES.optimizer, bytes: o.bytes.byteLength, sha256: sha256(o.bytes) },
    },
  }
  await writeDirAtomic(path, async (tmp) => {
    await fs.writeFile(join(tmp, DATA_FILES.weights), w.bytes)
    await fs.writeFile(join(tmp, DATA_FILES.optimizer), o.bytes)
    await fs.writeFile(join(tmp, 'meta.json'), JSON.stringify(meta, null, 1))
  })
  const entries = index.checkpoints.filter((c) => !(c.epoch === state.epoch && c.step === state.step))
  entries.push({
    name,
    epoch: state.epoch,
    step: state.step,
    globalStep: state.globalStep,
    validationLoss: num(state.validationLoss),
    score: num(state.score ?? NaN),
    reason,
  })
  const bestOld = entries.find((c) => c.name === index.best)
  const isBest = isBetter(entries[entries.length - 1], bestOld)
  const best = isBest ? name : bestOld ? bestOld.name : null
  const keep = new Set(entries.slice(-keepLast).map((c) => c.name))
  if (best) keep.add(best)
  const next: RunIndex = { ...index, checkpoints: entries.filter((c) => keep.has(c.name)), best }
  await writeFileAtomic(join(runDir, 'run.json'), JSON.stringify(next, null, 1))
  for (const c of index.checkpoints)
    if (!keep.has(c.name))
      await fs.rm(join(dir, c.name), { recursive: true, force: true }).catch(() => undefined)
  return { path, isBest }
}

/**
 * Removes what a crash can leave in a run folder: temp folders/files of interrupted saves, and checkpoint folders
 * the index no longer lists (a save killed after its index swap). Only a process holding the run's lock may call
 * it. Rewrites run.json when it had to be repaired. Returns what it removed or repaired (for a log line).
 */
export async function cleanRun(runDir: string): Promise<string[]> {
  const done: string[] = []
  const dir = checkpointsDir(runDir)
  for (const [where, names] of [
    [runDir, await fs.readdir(runDir).catch(() => [] as string[])],
    [dir, await fs.readdir(dir).catch(() => [] as string[])],
  ] as const)
    for (const n of names)
      if (n.startsWith('.') && n.endsWith('.tmp')) {
        await fs.rm(join(where, n), { recursive: true, force: true })
        done.push(`removed the temp folder ${join(where, n)} left by an interrupted save`)
      }
  const { index, problems } = await openIndex(runDir)
  if (problems.length > 0) {
    await writeFileAtomic(join(runDir, 'run.json'), JSON.stringify(index, null, 1))
    done.push(...problems)
  }
  const listed = new Set(index.checkpoints.map((c) => c.name))
  for (const n of await listFolders(runDir))
    if (!listed.has(n)) {
      await fs.rm(join(dir, n), { recursive: true, force: true })
      done.push(`removed ${join(dir, n)}, which run.json no longer lists`)
    }
  return done
}
