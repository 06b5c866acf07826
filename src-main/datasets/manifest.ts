// The on-disk manifest of one dataset (`<library>/<datasetId>/manifest.json`): versioned schema, read + validate,
// refusal of manifests written by a newer version (never overwritten), atomic write.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from './atomicWrite'
import type { DatasetId, FileId } from './types'

/** Format tag and the version this code writes. Bump the version on any incompatible change. */
export const MANIFEST_FORMAT = 'crnngan-dataset'
export const MANIFEST_VERSION = 1
export const MANIFEST_FILE = 'manifest.json'
export const CACHE_FILE = 'cache.bin'

const metricValue = z.union([z.number(), z.string(), z.null()])
const metrics = z.record(z.string(), metricValue)

const fileEntry = z.object({
  /** First 16 hex digits of `sha256`. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  /** Display name: path relative to the folder it was found in (or the base name of a file given directly). */
  name: z.string(),
  /** Absolute source path at import time. */
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  included: z.boolean(),
  /** Notes in the Song model (all tracks). */
  notes: z.number().int().nonnegative(),
  /** Tones in the spec's note list (§2.2) = rows stored in the cache. */
  tones: z.number().int().nonnegative(),
  /** Offset of this file's first tone row in cache.bin (rows of 4 float32). */
  toneOffset: z.number().int().nonnegative(),
  durationSeconds: z.number().nonnegative(),
  /** Paper metrics of the whole file (spec §5). */
  metrics,
  /** Paper metrics of one seeded window pushed through encode → MIDI (spec §6.3); null if the file is too short. */
  windowMetrics: metrics.nullable(),
  /** Histogram counts by name (e.g. pitchClass: 12 bins); summed bin-wise for dataset stats. */
  histograms: z.record(z.string(), z.array(z.number())),
})

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(MANIFEST_VERSION),
  id: z.string(),
  name: z.string().min(1),
  /** ISO-8601. */
  createdAt: z.string(),
  tags: z.array(z.string()),
  /** Seed of the window statistics. */
  seed: z.number().int(),
  /** Events per statistics window. */
  windowLength: z.number().int().positive(),
  /** Sources the user gave (absolute). */
  sources: z.array(z.string()),
  files: z.array(fileEntry),
  failures: z.array(z.object({ file: z.string(), reason: z.string(), message: z.string() })),
  duplicates: z.array(z.object({ file: z.string(), duplicateOf: z.string() })),
  /** Total tone rows in cache.bin (its size must be rows × 16 bytes). */
  cacheTones: z.number().int().nonnegative(),
})

/** A parsed manifest. */
export type Manifest = Omit<z.infer<typeof manifestSchema>, 'id' | 'files'> & {
  readonly id: DatasetId
  readonly files: ManifestFile[]
}
/** One imported file's record. */
export type ManifestFile = Omit<z.infer<typeof fileEntry>, 'id'> & { id: FileId }

/** The manifest on disk is unusable; `kind` says why ('newer' = written by a newer version, never overwritten). */
export class ManifestError extends Error {
  constructor(
    readonly kind: 'missing' | 'corrupt' | 'newer' | 'foreign',
    message: string,
  ) {
    super(message)
    this.name = 'ManifestError'
  }
}

/**
 * Reads and validates `<dir>/manifest.json`.
 * @throws {ManifestError} missing file, invalid JSON/schema, a different `format`, or a `version` newer than this code.
 */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE)
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (err) {
    throw new ManifestError(
      'missing',
      `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new ManifestError(
      'corrupt',
      `${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  const head = raw as { format?: unknown; version?: unknown }
  if (typeof raw !== 'object' || raw === null || head.format !== MANIFEST_FORMAT) {
    throw new ManifestError(
      'foreign',
      `${path} is not a dataset manifest (format ${JSON.stringify(head?.format)})`,
    )
  }
  if (typeof head.version === 'number' && head.version > MANIFEST_VERSION) {
    throw new ManifestError(
      'newer',
      `${path} has format version ${head.version}, newer than this program supports (${MANIFEST_VERSION}); ` +
        'update C-RNN-GAN Studio (crnngan) to open it (the file is left untouched)',
    )
  }
  const parsed = manifestSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ManifestError(
      'corrupt',
      `${path} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    )
  }
  return parsed.data as Manifest
}

/** Writes `<dir>/manifest.json` atomically (compact JSON: large datasets keep it a few MB at most). */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest))
}
