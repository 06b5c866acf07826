// Writes a run (config, chosen checkpoints, model card) as one `.crnnrun` zip with a sha256 manifest; the file is
// written beside its target and renamed into place, so a failed export leaves nothing half-written.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import { readIndex } from '../checkpoints/store'
import { resolveCheckpoint } from '../checkpoints/select'
import type { CheckpointRef } from '../checkpoints/select'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveManifest } from './format'

/** Options of {@link exportRunArchive}. */
export interface ExportOptions {
  /** Checkpoints to include (duplicates collapse); default best and latest. */
  readonly checkpoints?: readonly CheckpointRef[]
  /** Name recorded in the archive (default the run folder's name). */
  readonly name?: string
}

/** What was exported. */
export interface ExportResult {
  readonly path: string
  readonly bytes: number
  readonly checkpoints: readonly string[]
}

const sha256File = async (path: string): Promise<{ sha256: string; bytes: number }> => {
  const h = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(path)) {
    h.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
  }
  return { sha256: h.digest('hex'), bytes }
}

/** Exports `runDir` to `out` (a `.crnnrun`). @throws Error naming the run when a checkpoint does not exist. */
export async function exportRunArchive(
  runDir: string,
  out: string,
  o: ExportOptions = {},
): Promise<ExportResult> {
  const index = await readIndex(runDir)
  const refs = o.checkpoints?.length ? o.checkpoints : (['best', 'latest'] as const)
  const names = [
    ...new Set(await Promise.all(refs.map(async (r) => basename(await resolveCheckpoint(runDir, r))))),
  ]
  const chosen = index.checkpoints.filter((c) => names.includes(c.name))
  const files: { path: string; src: string }[] = [{ path: 'config.json', src: join(runDir, 'config.json') }]
  const card = join(runDir, 'model-card.md')
  if (
    await fs.stat(card).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    files.push({ path: 'model-card.md', src: card })
  for (const c of chosen)
    for (const f of ['meta.json', 'weights.bin', 'optimizer.bin'])
      files.push({ path: `checkpoints/${c.name}/${f}`, src: join(runDir, 'checkpoints', c.name, f) })
  const entries = await Promise.all(files.map(async (f) => ({ path: f.path, ...(await sha256File(f.src)) })))
  const config = JSON.parse(await fs.readFile(join(runDir, 'config.json'), 'utf8')) as { preset?: unknown }
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    createdAt: new Date().toISOString(),
    run: { name: o.name ?? basename(runDir), preset: String(config.preset ?? '') },
    best: index.best !== null && names.includes(index.best) ? index.best : null,
    checkpoints: chosen.map((c) => ({ ...c })),
    entries,
  }
  const zip = new yazl.ZipFile()
  const mtime = new Date(manifest.createdAt)
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 1)), 'manifest.json', { mtime, mode: 0o100644 })
  // Weights are float32 noise to deflate: stored as they are (fast, and their size is exact on the way back in).
  for (const f of files)
    zip.addFile(f.src, f.path, { mtime, mode: 0o100644, compress: !f.path.endsWith('.bin') })
  zip.end()
  const tmp = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await pipeline(zip.outputStream, createWriteStream(tmp, { flags: 'wx' }))
    const h = await fs.open(tmp, 'r+')
    await h.sync().finally(() => h.close())
    await fs.rename(tmp, out)
  } catch (err) {
    await fs.rm(tmp, { force: true })
    throw err
  }
  return { path: out, bytes: (await fs.stat(out)).size, checkpoints: names }
}
