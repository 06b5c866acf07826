// Finds the folders of the shipped models (common/models/shipped.ts) without loading TensorFlow.js, so main can list
// them cheaply: `$<envVar>`, else a folder set by the app, else <process.resourcesPath>/models/<folder> in a packaged
// app, else the first resources/models/<folder> holding a manifest found walking up from this module.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import {
  DEFAULT_MODEL,
  SHIPPED_MODEL_NAMES,
  shippedModel,
  type ShippedModel,
  type ShippedModelName,
} from '../../common/models/shipped'
import { STARTER_FILES } from './starterFormat'

const configured = new Map<ShippedModelName, string>()

function model(name: ShippedModelName): ShippedModel {
  const m = shippedModel(name)
  if (!m) throw new Error(`'${String(name)}' is not a shipped model (${SHIPPED_MODEL_NAMES.join(', ')})`)
  return m
}

/** Points the locator at a folder for `name`; null resets. The model's environment variable overrides it. */
export function setShippedModelDir(name: ShippedModelName, dir: string | null): void {
  if (dir === null) configured.delete(name)
  else configured.set(name, resolve(dir))
}

/**
 * The folder of the shipped model `name` (default: the default model). Returns the source tree's
 * resources/models/<folder> (which may not exist) when none is found.
 */
export function shippedModelDir(name: ShippedModelName = DEFAULT_MODEL): string {
  const m = model(name)
  const fromEnv = process.env[m.envVar]
  if (fromEnv) return resolve(fromEnv)
  const set = configured.get(name)
  if (set) return set
  // Packaged app (electron-builder extraResources → <resources>/models/<folder>); on macOS inside
  // Contents/Resources, which the walk below cannot find on a case-sensitive disk.
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  if (packaged && existsSync(join(packaged, 'models', m.folder, STARTER_FILES.manifest)))
    return join(packaged, 'models', m.folder)
  let dir = import.meta.dirname
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'models', m.folder)
    if (existsSync(join(candidate, STARTER_FILES.manifest))) return candidate
    dir = dirname(dir)
  }
  return resolve(import.meta.dirname, '../../../resources/models', m.folder)
}

/** True when the shipped model `name` is present (its manifest exists); does not validate the weights. */
export function hasShippedModel(name: ShippedModelName = DEFAULT_MODEL): boolean {
  return existsSync(join(shippedModelDir(name), STARTER_FILES.manifest))
}

/** The shipped models present in this build, in SHIPPED_MODEL_NAMES order (the default first). */
export function presentShippedModels(): ShippedModelName[] {
  return SHIPPED_MODEL_NAMES.filter((n) => hasShippedModel(n))
}
