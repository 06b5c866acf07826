// Locates the starter model that ships with the app (resources/models/starter) and exposes it as a read-only run:
// `starterRunDir()` materialises it once as an ordinary float32 run folder in a cache, so sample/evaluate/host work.
import { existsSync, promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { writeFileAtomic } from '../checkpoints/atomic'
import { saveCheckpoint } from '../checkpoints/store'
import type { CrnnGan } from '../model/types'
import { buildModel } from '../training/modelFactory'
import { arraysToWeights } from '../training/runState'
import { readStarter, readStarterManifest, STARTER_FILES, type StarterData } from './starterFormat'

/** The name `crnngan sample/evaluate --run` and the app use for the shipped model. */
export const STARTER_RUN_NAME = 'starter'

let configuredDir: string | null = null

/**
 * Points the locator at a folder (the packaged app: `join(process.resourcesPath, 'models/starter')`); null resets.
 * `$CRNNGAN_STARTER_DIR` overrides both this and the search.
 */
export function setStarterModelDir(dir: string | null): void {
  configuredDir = dir === null ? null : resolve(dir)
}

/**
 * The starter model folder: `$CRNNGAN_STARTER_DIR`, else the one set with {@link setStarterModelDir}, else
 * `<process.resourcesPath>/models/starter` in a packaged app, else the first `resources/models/starter` holding a
 * manifest found walking up from this module (source tree and bundled out/main).
 * Returns the repo default (which may not exist) when none is found.
 */
export function starterModelDir(): string {
  if (process.env.CRNNGAN_STARTER_DIR) return resolve(process.env.CRNNGAN_STARTER_DIR)
  if (configuredDir) return configuredDir
  // Packaged app (electron-builder extraResources → <resources>/models/starter); Electron sets resourcesPath.
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  if (packaged && existsSync(join(packaged, 'models', 'starter', STARTER_FILES.manifest)))
    return join(packaged, 'models', 'starter')
  let dir = import.meta.dirname
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'models', 'starter')
    if (existsSync(join(candidate, STARTER_FILES.manifest))) return candidate
    dir = dirname(dir)
  }
  return resolve(import.meta.dirname, '../../../resources/models/starter')
}

/** True when a starter model (its manifest) is present; does not validate the weights. */
export function hasStarterModel(): boolean {
  return existsSync(join(starterModelDir(), STARTER_FILES.manifest))
}

/** Reads the starter model's files (float16 widened to float32). @throws Error naming the missing/bad file. */
export async function readStarterModel(dir = starterModelDir()): Promise<StarterData> {
  if (!existsSync(join(dir, STARTER_FILES.manifest)))
    throw new Error(
      `no starter model in '${dir}' (${STARTER_FILES.manifest} missing; run npm run train:starter -- --export)`,
    )
  return readStarter(dir)
}

/** A ready model with the starter weights; the caller disposes `model`. */
export async function loadStarterModel(dir = starterModelDir()): Promise<{ model: CrnnGan } & StarterData> {
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
 * `sample({runDir})`, `loadRunModel` and the trainer host. Created once per weights sha256 under `cacheDir`
 * (atomically: concurrent callers both succeed); treat it as read-only.
 * @returns the absolute run folder
 */
export async function starterRunDir(opts: { dir?: string; cacheDir?: string } = {}): Promise<string> {
  const dir = opts.dir ?? starterModelDir()
  const manifest = await readStarterManifest(dir).catch((err: unknown) => {
    throw new Error(
      `no usable starter model in '${dir}': ${err instanceof Error ? err.message : String(err)}`,
    )
  })
  const cache = opts.cacheDir ?? defaultStarterCache()
  const runDir = join(cache, `starter-${manifest.weights.sha256.slice(0, 16)}`)
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
    // Another process materialised it first: theirs is identical (same sha256).
    if (!existsSync(join(runDir, 'run.json'))) throw err
  }
  return runDir
}

/**
 * A `--run` value to a run folder: absent or `starter` → the materialised starter run (a real `./starter` run
 * folder, one with run.json, wins over the name); anything else is resolved as a path.
 */
export async function runDirOrStarter(run: string | undefined, cacheDir?: string): Promise<string> {
  if (run === undefined || (run === STARTER_RUN_NAME && !existsSync(join(run, 'run.json'))))
    return starterRunDir({ cacheDir })
  return resolve(run)
}
