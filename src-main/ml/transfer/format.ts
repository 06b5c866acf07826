// The `.crnnrun` format: a zip holding manifest.json (sha256 and size of every other entry), the run's config.json,
// its model-card.md if any, and the chosen checkpoints as checkpoints/<eEEEE-sSSSSS>/{meta.json,weights.bin,
// optimizer.bin}. Names are a closed grammar: anything else, anything listed twice or unlisted is refused.
import { z } from 'zod'

export const ARCHIVE_FORMAT = 'crnngan-run'
export const ARCHIVE_VERSION = 1
export const ARCHIVE_EXT = '.crnnrun'

const MiB = 1024 * 1024
/** Largest entry per role and in total (uncompressed). */
export const LIMITS = {
  smallEntry: 4 * MiB,
  blobEntry: 2048 * MiB,
  total: 8192 * MiB,
  checkpoints: 64,
} as const

/** A malformed, tampered or unsupported archive: the message names the file and the problem. */
export class RunArchiveError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`)
    this.name = 'RunArchiveError'
  }
}

/** What an entry is, parsed from its name; null for a name outside the grammar. */
export type EntryRole =
  | { kind: 'manifest' }
  | { kind: 'config' }
  | { kind: 'card' }
  | { kind: 'checkpoint'; epoch: number; step: number; file: 'meta.json' | 'weights.bin' | 'optimizer.bin' }

/** Checkpoint folder name, as ml/checkpoints/store.ts writes it. */
export const checkpointName = (epoch: number, step: number): string =>
  `e${String(epoch).padStart(4, '0')}-s${String(step).padStart(5, '0')}`

/** Parses an archive entry name; only canonical names are accepted (so two names never map to one file). */
export function entryRole(name: string): EntryRole | null {
  if (name === 'manifest.json') return { kind: 'manifest' }
  if (name === 'config.json') return { kind: 'config' }
  if (name === 'model-card.md') return { kind: 'card' }
  const m = /^checkpoints\/e(\d{4,9})-s(\d{5,9})\/(meta\.json|weights\.bin|optimizer\.bin)$/.exec(name)
  if (!m) return null
  const epoch = Number(m[1])
  const step = Number(m[2])
  if (`checkpoints/${checkpointName(epoch, step)}/${m[3]}` !== name) return null
  return { kind: 'checkpoint', epoch, step, file: m[3] as 'meta.json' | 'weights.bin' | 'optimizer.bin' }
}

/** Size limit of an entry by role. */
export const entryLimit = (role: EntryRole): number =>
  role.kind === 'checkpoint' && role.file !== 'meta.json' ? LIMITS.blobEntry : LIMITS.smallEntry

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest')
export const manifestSchema = z
  .object({
    format: z.literal(ARCHIVE_FORMAT),
    version: z.number().int().min(1),
    createdAt: z.string().max(64),
    run: z.object({ name: z.string().min(1).max(200), preset: z.string().max(64) }).strict(),
    best: z.string().max(64).nullable(),
    checkpoints: z
      .array(
        z
          .object({
            name: z.string().max(64),
            epoch: z.number().int().min(0),
            step: z.number().int().min(0),
            globalStep: z.number().int().min(0),
            validationLoss: z.number().nullable(),
            // The evaluation summary that makes it the run's best (absent in archives of runs without scores).
            score: z.number().min(0).max(1).nullable().optional(),
            reason: z.string().max(64),
          })
          .strict(),
      )
      .min(1)
      .max(LIMITS.checkpoints),
    entries: z
      .array(
        z.object({ path: z.string().max(200), bytes: z.number().int().min(0), sha256: sha256Hex }).strict(),
      )
      .max(3 + 3 * LIMITS.checkpoints),
  })
  .strict()
export type ArchiveManifest = z.infer<typeof manifestSchema>

/** A run folder name from an untrusted label: [a-z0-9-], at most 48 characters, never empty. */
export function safeRunName(label: string): string {
  const s = label
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
  return s === '' ? 'imported-run' : s
}
