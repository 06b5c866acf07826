// Loads one checkpoint folder and refuses anything it cannot trust: a missing, empty or malformed meta.json, a newer
// format, a data file that is missing, truncated or fails its sha256, arrays whose shapes do not fit the saved
// model, and non-finite values. Every refusal is a CheckpointError naming the folder, the file and the reason.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseJson } from '../../common/json'
import { parseTrainConfig, type TrainConfig } from '../config/trainConfig'
import { toModelSpec } from '../config/modelSpec'
import { variableShapes } from '../model/spec'
import { unpackArrays, type NamedArray } from './binary'
import { CHECKPOINT_VERSION, DATA_FILES, sha256, type CheckpointData, type TrainState } from './store'

/** A checkpoint that cannot be used; `path` is its folder, `message` names the file and what is wrong. */
export class CheckpointError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
  }
}

const fin = z.number().nullable()
const stateSchema = z.object({
  epoch: z.number().int().min(0),
  step: z.number().int().min(0),
  globalStep: z.number().int().min(0),
  seed: z.number(),
  songLength: z.number().int().min(0),
  prevD: fin,
  prevG: fin,
  lrG: z.number().positive(),
  lrD: z.number().positive(),
  history: z.array(z.array(z.number().nullable())),
})
const fileSchema = z.object({ file: z.string(), bytes: z.number().int().min(0), sha256: z.string() })
const den = (v: unknown): number => (typeof v === 'number' ? v : NaN)

/** Options of {@link loadCheckpoint}. */
export interface LoadOptions {
  /** Read and check optimizer.bin too (resume, rollback); sampling needs only the weights. Default true. */
  readonly optimizer?: boolean
}

/**
 * Loads and verifies a checkpoint folder.
 * @throws CheckpointError naming the file at fault.
 */
export async function loadCheckpoint(path: string, o: LoadOptions = {}): Promise<CheckpointData> {
  const bad = (file: string, why: string): CheckpointError =>
    new CheckpointError(path, `${join(path, file)}: ${why}`)
  const meta = await readMeta(path, bad)
  const metaPath = join(path, 'meta.json')
  let config: TrainConfig
  try {
    config = parseTrainConfig(meta.config, metaPath)
  } catch (err) {
    throw new CheckpointError(path, (err as Error).message)
  }
  const st = stateSchema.safeParse(meta.state)
  if (!st.success)
    throw bad(
      'meta.json',
      `invalid training state (${st.error.issues[0]?.path.join('.')}: ${st.error.issues[0]?.message})`,
    )
  const state: TrainState = {
    ...st.data,
    prevD: den(st.data.prevD),
    prevG: den(st.data.prevG),
    history: st.data.history.map((h) => h.map(den)),
    validationLoss: den(meta.validationLoss),
    bestValidationLoss: den(meta.bestValidationLoss),
    score: den(meta.score),
  }
  const files = z.object({ weights: fileSchema, optimizer: fileSchema }).optional().safeParse(meta.files)
  if (!files.success) throw bad('meta.json', 'invalid file checksums')
  const read = async (kind: keyof typeof DATA_FILES): Promise<NamedArray[]> => {
    const file = DATA_FILES[kind]
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await fs.readFile(join(path, file)))
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw bad(file, code === 'ENOENT' ? 'the file is missing' : `cannot read (${(err as Error).message})`)
    }
    const want = files.data?.[kind]
    if (want && bytes.byteLength !== want.bytes)
      throw bad(file, `truncated or padded: ${bytes.byteLength} bytes, meta.json recorded ${want.bytes}`)
    if (want && sha256(bytes) !== want.sha256)
      throw bad(file, 'sha256 does not match meta.json (file damaged)')
    let arrays: NamedArray[]
    try {
      arrays = unpackArrays(bytes, meta[kind], join(path, file))
    } catch (err) {
      throw new CheckpointError(path, (err as Error).message)
    }
    for (const a of arrays)
      for (const x of a.data)
        if (!Number.isFinite(x)) throw bad(file, `'${a.name}' holds non-finite values (NaN/Inf)`)
    return arrays
  }
  const weights = await read('weights')
  checkShapes(weights, config, (why) => bad(DATA_FILES.weights, why))
  const optimizer = o.optimizer === false ? [] : await read('optimizer')
  return { config, state, weights, optimizer }
}

async function readMeta(
  path: string,
  bad: (file: string, why: string) => CheckpointError,
): Promise<Record<string, unknown>> {
  const metaPath = join(path, 'meta.json')
  let text: string
  try {
    text = await fs.readFile(metaPath, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw bad(
      'meta.json',
      code === 'ENOENT' ? 'the file is missing' : `cannot read (${(err as Error).message})`,
    )
  }
  let meta: Record<string, unknown>
  try {
    meta = parseJson(text, metaPath) as Record<string, unknown>
  } catch (err) {
    throw new CheckpointError(path, (err as Error).message)
  }
  if (meta?.type !== 'crnngan-checkpoint') throw bad('meta.json', 'not a checkpoint')
  if (typeof meta.version !== 'number' || meta.version > CHECKPOINT_VERSION)
    throw bad(
      'meta.json',
      `checkpoint version ${String(meta.version)} is newer than supported (${CHECKPOINT_VERSION}); update the studio`,
    )
  return meta
}

/** The weights must be exactly the saved model's variables, with their shapes. */
function checkShapes(weights: readonly NamedArray[], config: TrainConfig, bad: (why: string) => Error): void {
  const { g, d } = variableShapes(toModelSpec(config))
  const want = new Map([...g, ...d])
  const have = new Map(weights.map((w) => [w.name, w.shape]))
  for (const [name, shape] of want) {
    const s = have.get(name)
    if (!s) throw bad(`'${name}' is missing`)
    if (s.join(',') !== shape.join(','))
      throw bad(`'${name}' has shape [${s.join(', ')}], the saved model needs [${shape.join(', ')}]`)
  }
  for (const name of have.keys())
    if (!want.has(name)) throw bad(`'${name}' is not a weight of the saved model`)
}
