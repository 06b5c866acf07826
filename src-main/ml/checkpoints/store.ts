// Checkpoint folders of a run: `<runDir>/checkpoints/e0003-s0000/` holding meta.json, weights.bin, optimizer.bin.
// Written atomically (temp folder + rename); an index (`run.json`) lists them and names the best by validation loss.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseTrainConfig, type TrainConfig } from '../config/trainConfig'
import { writeDirAtomic, writeFileAtomic } from './atomic'
import { packArrays, unpackArrays, type NamedArray } from './binary'

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
  name: z.string(),
  epoch: z.number(),
  step: z.number(),
  globalStep: z.number(),
  validationLoss: z.number().nullable(),
  reason: z.string(),
})
const indexSchema = z.object({
  type: z.literal('crnngan-run'),
  version: z.number(),
  checkpoints: z.array(entrySchema),
  best: z.string().nullable(),
})
export type CheckpointEntry = z.infer<typeof entrySchema>
type RunIndex = z.infer<typeof indexSchema>

const num = (v: number): number | null => (Number.isFinite(v) ? v : null)
const den = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v)

/** Reads a run's checkpoint index; an empty index when the run has none yet. */
export async function readIndex(runDir: string): Promise<RunIndex> {
  const path = join(runDir, 'run.json')
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch {
    return { type: 'crnngan-run', version: CHECKPOINT_VERSION, checkpoints: [], best: null }
  }
  const r = indexSchema.safeParse(JSON.parse(text))
  if (!r.success) throw new Error(`${path}: not a valid run index (${r.error.issues[0]?.message})`)
  return r.data
}

/**
 * Saves a checkpoint atomically and updates the index; keeps the last `keepLast` plus the best (lowest finite
 * validation loss), deleting the others. Returns the new checkpoint's folder and whether it is the best.
 */
export async function saveCheckpoint(
  runDir: string,
  data: CheckpointData,
  reason: string,
  keepLast: number,
): Promise<{ path: string; isBest: boolean }> {
  const { state } = data
  const name = `e${String(state.epoch).padStart(4, '0')}-s${String(state.step).padStart(5, '0')}`
  const dir = join(runDir, 'checkpoints')
  await fs.mkdir(dir, { recursive: true })
  const path = join(dir, name)
  await fs.rm(path, { recursive: true, force: true })
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
    weights: w.manifest,
    optimizer: o.manifest,
  }
  await writeDirAtomic(path, async (tmp) => {
    await fs.writeFile(join(tmp, 'weights.bin'), w.bytes)
    await fs.writeFile(join(tmp, 'optimizer.bin'), o.bytes)
    await fs.writeFile(join(tmp, 'meta.json'), JSON.stringify(meta, null, 1))
  })
  const index = await readIndex(runDir)
  const entries = index.checkpoints.filter((c) => c.name !== name)
  entries.push({
    name,
    epoch: state.epoch,
    step: state.step,
    globalStep: state.globalStep,
    validationLoss: num(state.validationLoss),
    reason,
  })
  const bestOld = entries.find((c) => c.name === index.best)
  const v = state.validationLoss
  const isBest =
    Number.isFinite(v) && (!bestOld || bestOld.validationLoss === null || v < bestOld.validationLoss)
  const best = isBest ? name : bestOld ? bestOld.name : null
  const keep = new Set(entries.slice(-keepLast).map((c) => c.name))
  if (best) keep.add(best)
  for (const c of entries)
    if (!keep.has(c.name)) await fs.rm(join(dir, c.name), { recursive: true, force: true })
  const next: RunIndex = { ...index, checkpoints: entries.filter((c) => keep.has(c.name)), best }
  await writeFileAtomic(join(runDir, 'run.json'), JSON.stringify(next, null, 1))
  return { path, isBest }
}

/**
 * Resolves 'latest' | 'best' | N (the checkpoint saved at the end of epoch N, i.e. epoch = N, step = 0).
 * @throws Error naming the run folder and the reference when nothing matches.
 */
export async function resolveCheckpoint(runDir: string, ref: 'latest' | 'best' | number): Promise<string> {
  const index = await readIndex(runDir)
  const list = index.checkpoints
  let hit: CheckpointEntry | undefined
  if (ref === 'latest') hit = list.at(-1)
  else if (ref === 'best') hit = list.find((c) => c.name === index.best) ?? list.at(-1)
  else hit = list.find((c) => c.epoch === ref && c.step === 0)
  if (!hit) {
    const have = list.map((c) => `${c.epoch}${c.step ? `+${c.step}` : ''}`).join(', ') || 'none'
    throw new Error(`run '${runDir}' has no checkpoint '${ref}' (checkpoints at epochs: ${have})`)
  }
  return join(runDir, 'checkpoints', hit.name)
}

/** Loads a checkpoint folder; validates its config and version. */
export async function loadCheckpoint(path: string): Promise<CheckpointData> {
  const metaPath = join(path, 'meta.json')
  const meta = JSON.parse(await fs.readFile(metaPath, 'utf8')) as Record<string, unknown>
  if (meta.type !== 'crnngan-checkpoint') throw new Error(`${metaPath}: not a checkpoint`)
  if (typeof meta.version !== 'number' || meta.version > CHECKPOINT_VERSION)
    throw new Error(
      `${metaPath}: checkpoint version ${String(meta.version)} is newer than supported (${CHECKPOINT_VERSION})`,
    )
  const config = parseTrainConfig(meta.config, metaPath)
  const raw = meta.state as Record<string, unknown> & TrainState
  const state: TrainState = {
    ...raw,
    prevD: den(raw.prevD as number | null),
    prevG: den(raw.prevG as number | null),
    validationLoss: den(meta.validationLoss as number | null),
    bestValidationLoss: den(meta.bestValidationLoss as number | null),
  }
  const weights = unpackArrays(
    await fs.readFile(join(path, 'weights.bin')),
    meta.weights,
    `${path}/weights.bin`,
  )
  const optimizer = unpackArrays(
    await fs.readFile(join(path, 'optimizer.bin')),
    meta.optimizer,
    `${path}/optimizer.bin`,
  )
  return { config, state, weights, optimizer }
}
