// Reads a shipped model (common/models/shipped.ts: the default `starter`, the paper-faithful `starter-paper`; found by
// ./locate.ts) and exposes it as a read-only run: `starterRunDir()` materialises it once as an ordinary float32 run
// folder in a cache, so sample/evaluate/host work.
import { createHash } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  DEFAULT_MODEL,
  isShippedModel,
  shippedModel,
  type ShippedModelName,
} from '../../common/models/shipped'
import { writeFileAtomic } from '../checkpoints/atomic'
import { saveCheckpoint } from '../checkpoints/store'
import type { CrnnGan } from '../model/types'
import { buildModel } from '../training/modelFactory'
import { arraysToWeights } from '../training/runState'
import { presentShippedModels, shippedModelDir } from './locate'
import { readStarter, readStarterManifest, STARTER_FILES, type StarterData } from './starterFormat'

/** Reads the starter model's files (float16 widened to float32). @throws Error naming the missing/bad file. */
export async function readStarterModel(dir = shippedModelDir()): Promise<StarterData> {
  if (!existsSync(join(dir, STARTER_FILES.manifest)))
    throw new Error(
      `no starter model in '${dir}' (${STARTER_FILES.manifest} missing; run npm run train:starter -- --export)`,
    )
  return readStarter(dir)
}

/** A ready model with the starter weights; the caller disposes `model`. */
export async function loadStarterModel(dir = shippedModelDir()): Promise<{ model: CrnnGan } & StarterData> {
  const data = await readStarterModel(dir)
  const model = buildModel(data.config)
  try {
    model.setWeights(arraysToWeights(data.weights))
  } catch (err) {
    model.dispose()
    throw err
  }
  return { model, ...data }
}

/** Default cache folder of materialised starter runs (the app passes its own, under userData). */
export const defaultStarterCache = (): string => join(tmpdir(), 'crnngan-starter')

/**
 * A run folder holding the starter model as one float32 checkpoint (named for its epoch, also the run's best), for
 * `sample({runDir})`, `loadRunModel` and the trainer host. Created once per model under `cacheDir` (keyed by the
 * sha256 of its manifest, which holds the weights' sha256 and epoch, and of its config: two models with the same
 * weights but another config or epoch get their own runs)
 * (atomically: concurrent callers both succeed); treat it as read-only.
 * @returns the absolute run folder
 */
export async function starterRunDir(opts: { dir?: string; cacheDir?: string } = {}): Promise<string> {
  const dir = opts.dir ?? shippedModelDir()
  const manifest = await readStarterManifest(dir).catch((err: unknown) => {
    throw new Error(
      `no usable starter model in '${dir}': ${err instanceof Error ? err.message : String(err)}`,
    )
  })
  const cache = opts.cacheDir ?? defaultStarterCache()
  const key = createHash('sha256')
    .update(JSON.stringify(manifest))
    .update(await fs.readFile(join(dir, STARTER_FILES.config)).catch(() => Buffer.alloc(0)))
    .digest('hex')
  const runDir = join(cache, `starter-${key.slice(0, 16)}`)
  if (existsSync(join(runDir, 'run.json'))) return runDir
  const data = await readStarterModel(dir)
  await fs.mkdir(cache, { recursive: true })
  // Filled in a temp sibling, then renamed into place (saveCheckpoint writes its own files atomically).
  const tmp = await fs.mkdtemp(join(cache, '.starter-'))
  try {
    await writeFileAtomic(join(tmp, 'config.json'), JSON.stringify(data.config, null, 1))
    const { config, manifest: m } = data
    await saveCheckpoint(
      tmp,
      {
        config,
        state: {
          epoch: m.epoch,
          step: 0,
          globalStep: m.globalStep,
          seed: config.seed,
          songLength: config.data.maxLength,
          prevD: NaN,
          prevG: NaN,
          lrG: config.optim.lrG,
          lrD: config.optim.lrD,
          validationLoss: m.validationLoss ?? NaN,
          bestValidationLoss: m.validationLoss ?? NaN,
          history: [],
        },
        weights: data.weights,
        optimizer: [],
      },
      'starter',
      1,
    )
    await fs.rename(tmp, runDir)
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined)
    // Another process materialised it first: theirs is identical (same key).
    if (!existsSync(join(runDir, 'run.json'))) throw err
  }
  return runDir
}

/**
 * The model a command without `--run` uses: the default model when this build has it, else the first shipped model
 * present (the default's name when there is none, so the error names its folder).
 */
export function defaultModelName(): ShippedModelName {
  const present = presentShippedModels()
  return present.includes(DEFAULT_MODEL) ? DEFAULT_MODEL : (present[0] ?? DEFAULT_MODEL)
}

/** A line for stderr when the default model is missing and another one stands in for it; null otherwise. */
export function defaultModelNote(): string | null {
  const name = defaultModelName()
  if (name === DEFAULT_MODEL) return null
  return `note: this build has no ${shippedModel(DEFAULT_MODEL)?.label.toLowerCase()} ('${DEFAULT_MODEL}'); using '${name}' (${shippedModel(name)?.label})`
}

/**
 * A `--run` value to a run folder: absent → the default model ({@link defaultModelName}); a shipped model's name
 * (`starter`, `starter-paper`) → that model materialised as a run (a real run folder of that name, one with run.json,
 * wins over the name); anything else is resolved as a path.
 */
export async function runDirOrStarter(run: string | undefined, cacheDir?: string): Promise<string> {
  const name = run ?? defaultModelName()
  if (isShippedModel(name) && (run === undefined || !existsSync(join(run, 'run.json'))))
    return starterRunDir({ dir: shippedModelDir(name), cacheDir })
  return resolve(name)
}
