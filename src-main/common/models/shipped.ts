// The models the studio ships, written once: their names (run ids in `train:list`, `--run` values of the CLI), the
// folder under resources/models each lives in, the variable that overrides that folder, and how the app names them.
// Either model may be absent from a build: the app lists, and the CLI offers, only those whose folder holds one.

/** One shipped model. */
export interface ShippedModel {
  /** Run id in `train:list` and `generate:sample`, `--run` / `--from` value of the CLI. */
  readonly name: ShippedModelName
  /** Folder under resources/models (source tree) and <resources>/models (packaged app). */
  readonly folder: string
  /** Environment variable that points at another folder holding this model. */
  readonly envVar: string
  /** How Compose, Train and the first-run offer name it. */
  readonly label: string
  /** One line saying what it is, for the model menus' tooltips. */
  readonly description: string
}

/** Names of the shipped models, the default first. */
export const SHIPPED_MODEL_NAMES = ['starter', 'starter-paper'] as const
export type ShippedModelName = (typeof SHIPPED_MODEL_NAMES)[number]

/** The default model: Compose selects it, "Try the starter model" opens it, `crnngan sample` uses it. */
export const DEFAULT_MODEL: ShippedModelName = 'starter'

/** The shipped models in SHIPPED_MODEL_NAMES order. */
export const SHIPPED_MODELS: readonly ShippedModel[] = [
  {
    name: 'starter',
    folder: 'starter',
    envVar: 'CRNNGAN_STARTER_DIR',
    label: 'Starter model',
    description:
      'The studio’s own model (preset studio, epoch 140) trained on public-domain Bach: the default.',
  },
  {
    name: 'starter-paper',
    folder: 'starter-paper',
    envVar: 'CRNNGAN_STARTER_PAPER_DIR',
    label: 'Paper model (faithful to Mogren 2016)',
    description:
      'C-RNN-GAN exactly as published (preset paper) on the same Bach: a reference, not the default.',
  },
]

/** True when `id` names a shipped model (a read-only run of the app). */
export function isShippedModel(id: string): id is ShippedModelName {
  return (SHIPPED_MODEL_NAMES as readonly string[]).includes(id)
}

/** The shipped model named `id`, or undefined for any other run id. */
export function shippedModel(id: string): ShippedModel | undefined {
  return SHIPPED_MODELS.find((m) => m.name === id)
}

/** How the app names a run: a shipped model by its label, any other run by its id. */
export function runLabel(runId: string): string {
  return shippedModel(runId)?.label ?? runId
}

/**
 * The model to offer first among `runIds` (the runs that exist): the default model, else the other shipped models in
 * SHIPPED_MODEL_NAMES order; undefined when the build ships none.
 */
export function firstShippedModel(runIds: Iterable<string>): ShippedModelName | undefined {
  const present = new Set(runIds)
  return SHIPPED_MODEL_NAMES.find((n) => present.has(n))
}
