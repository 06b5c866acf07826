// The shipped starter model's on-disk format: manifest.json (zod-validated) + config.json (TrainConfig) +
// model-spec.json + weights.f16.bin (all of G's and D's variables, little-endian float16, back to back).
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseJson } from '../../common/json'
import { writeFileAtomic } from '../checkpoints/atomic'
import type { NamedArray } from '../checkpoints/binary'
import { parseTrainConfig, type TrainConfig } from '../config/trainConfig'
import { validateSpec } from '../model/spec'
import type { ModelSpec } from '../model/types'
import { packFloat16, unpackFloat16 } from './float16'

/** Version of the starter manifest this code reads and writes; newer ones are refused. */
export const STARTER_VERSION = 1
/** File names inside a starter folder. */
export const STARTER_FILES = {
  manifest: 'manifest.json',
  config: 'config.json',
  spec: 'model-spec.json',
  weights: 'weights.f16.bin',
  /** Markdown for a composer (data, licences, scores against real music, limits); shown as "About this model". */
  card: 'model-card.md',
} as const

const tensorSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  /** In values (not bytes) from the start of the weights file. */
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
})

const manifestSchema = z.object({
  format: z.literal('crnngan-starter'),
  version: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  /** Completed training epochs of the exported checkpoint, and the checkpoint it came from. */
  epoch: z.number().int().nonnegative(),
  globalStep: z.number().int().nonnegative(),
  sourceCheckpoint: z.string(),
  validationLoss: z.number().nullable(),
  dtype: z.literal('float16'),
  weights: z.object({ file: z.string(), bytes: z.number().int(), sha256: z.string() }),
  tensors: z.array(tensorSchema),
})
/** The validated manifest. */
export type StarterManifest = z.infer<typeof manifestSchema>

/** A starter model read from disk (weights already widened to float32). */
export interface StarterData {
  readonly manifest: StarterManifest
  readonly config: TrainConfig
  readonly spec: ModelSpec
  readonly weights: NamedArray[]
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** Writes a starter folder (files atomically; the manifest last, so a reader never sees a half-written model). */
export async function writeStarter(
  dir: string,
  o: Omit<StarterManifest, 'format' | 'version' | 'dtype' | 'weights' | 'tensors'> & {
    config: TrainConfig
    spec: ModelSpec
    weights: readonly NamedArray[]
    /** The model card's markdown (written as model-card.md); the recipe writes it by hand when absent. */
    card?: string
  },
): Promise<StarterManifest> {
  const tensors: StarterManifest['tensors'] = []
  let offset = 0
  for (const w of o.weights) {
    tensors.push({ name: w.name, shape: [...w.shape], offset, length: w.data.length })
    offset += w.data.length
  }
  const all = new Float32Array(offset)
  for (const [i, w] of o.weights.entries()) all.set(w.data, tensors[i].offset)
  const bytes = packFloat16(all, 'starter weights')
  const { config, spec, weights: _w, card, ...rest } = o
  const manifest: StarterManifest = {
    format: 'crnngan-starter',
    version: STARTER_VERSION,
    ...rest,
    dtype: 'float16',
    weights: { file: STARTER_FILES.weights, bytes: bytes.byteLength, sha256: sha256(bytes) },
    tensors,
  }
  await fs.mkdir(dir, { recursive: true })
  await writeFileAtomic(join(dir, STARTER_FILES.weights), bytes)
  await writeFileAtomic(join(dir, STARTER_FILES.config), `${JSON.stringify(config, null, 1)}\n`)
  await writeFileAtomic(join(dir, STARTER_FILES.spec), `${JSON.stringify(spec, null, 1)}\n`)
  if (card !== undefined) await writeFileAtomic(join(dir, STARTER_FILES.card), card)
  await writeFileAtomic(join(dir, STARTER_FILES.manifest), `${JSON.stringify(manifest, null, 1)}\n`)
  return manifest
}

/** Reads and validates the manifest. @throws Error naming the file when missing, malformed or newer. */
export async function readStarterManifest(dir: string): Promise<StarterManifest> {
  const path = join(dir, STARTER_FILES.manifest)
  const raw = parseJson(await fs.readFile(path, 'utf8'), path) as { version?: unknown }
  if (typeof raw?.version === 'number' && raw.version > STARTER_VERSION)
    throw new Error(
      `${path}: starter format version ${raw.version} is newer than supported (${STARTER_VERSION})`,
    )
  const r = manifestSchema.safeParse(raw)
  if (!r.success)
    throw new Error(
      `${path}: not a starter manifest (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`,
    )
  return r.data
}

/**
 * Reads a starter folder: manifest, config, spec and weights (sha256 and sizes checked).
 * @throws Error naming the file at fault.
 */
export async function readStarter(dir: string): Promise<StarterData> {
  const manifest = await readStarterManifest(dir)
  const configPath = join(dir, STARTER_FILES.config)
  const config = parseTrainConfig(parseJson(await fs.readFile(configPath, 'utf8'), configPath), configPath)
  const specPath = join(dir, STARTER_FILES.spec)
  const spec = parseJson(await fs.readFile(specPath, 'utf8'), specPath) as ModelSpec
  validateSpec(spec)
  const wPath = join(dir, manifest.weights.file)
  const bytes = new Uint8Array(await fs.readFile(wPath))
  if (bytes.byteLength !== manifest.weights.bytes || sha256(bytes) !== manifest.weights.sha256)
    throw new Error(`${wPath}: size or sha256 does not match ${STARTER_FILES.manifest} (damaged download?)`)
  const all = unpackFloat16(bytes, wPath)
  const weights = manifest.tensors.map((t) => {
    const n = t.shape.reduce((a, b) => a * b, 1)
    if (n !== t.length || t.offset + t.length > all.length)
      throw new Error(
        `${wPath}: tensor '${t.name}' [${t.shape}] does not fit (offset ${t.offset}, ${all.length} values)`,
      )
    return { name: t.name, shape: t.shape, data: all.slice(t.offset, t.offset + t.length) }
  })
  return { manifest, config, spec, weights }
}
