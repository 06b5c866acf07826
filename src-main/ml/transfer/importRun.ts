// Imports a `.crnnrun` into a runs folder. Nothing in the archive is trusted: entry names must be canonical
// (format.ts), each is written under a name we build ourselves into a temp folder inside the runs folder, sizes
// are capped, symlinks and duplicates refused, every byte checked against the manifest's sha256, each checkpoint
// loaded once; only then is the folder renamed into place. Any failure removes the temp folder.
import { createHash } from 'node:crypto'
import { createWriteStream, promises as fs } from 'node:fs'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CHECKPOINT_VERSION } from '../checkpoints/store'
import { loadCheckpoint } from '../checkpoints/verify'
import { parseTrainConfig } from '../config/trainConfig'
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  checkpointName,
  entryLimit,
  entryRole,
  LIMITS,
  manifestSchema,
  RunArchiveError,
  safeRunName,
  type ArchiveManifest,
  type EntryRole,
} from './format'
import { isSpecialFile, openZip, type ZipReader } from './readZip'

/** Options of {@link importRunArchive}. */
export interface ImportOptions {
  /** Folder name wanted for the run (made safe; a suffix is added when taken). Default: the archive's run name. */
  readonly name?: string
  /** How the file is named in error messages (default its path). */
  readonly label?: string
}

/** The imported run. */
export interface ImportResult {
  readonly runDir: string
  readonly name: string
  readonly checkpoints: readonly string[]
  readonly best: string | null
}

interface Written {
  readonly bytes: number
  readonly sha256: string
}

/** Imports `file` into `runsDir`. @throws RunArchiveError naming the file and the problem. */
export async function importRunArchive(
  file: string,
  runsDir: string,
  o: ImportOptions = {},
): Promise<ImportResult> {
  const label = o.label ?? file
  const refuse: (problem: string) => never = (problem) => {
    throw new RunArchiveError(label, problem)
  }
  let zip: ZipReader
  try {
    const s = await fs.stat(file)
    if (!s.isFile()) refuse('not a file')
    zip = await openZip(file)
  } catch (err) {
    if (err instanceof RunArchiveError) throw err
    return refuse(
      `not a readable .crnnrun archive: it is truncated or not a zip file (${(err as Error).message})`,
    )
  }
  await fs.mkdir(runsDir, { recursive: true })
  const tmp = await fs.mkdtemp(join(runsDir, '.import-'))
  try {
    if (zip.entryCount > 4 + 3 * LIMITS.checkpoints)
      refuse(`has ${zip.entryCount} entries, more than a run can hold`)
    const written = new Map<string, Written>()
    let manifestBytes: Buffer | null = null
    let total = 0
    for (let entry = await next(zip, refuse); entry; entry = await next(zip, refuse)) {
      const name = entry.fileName
      const role = entryRole(name)
      if (!role) refuse(`unexpected entry '${name}' (not part of the .crnnrun format)`)
      if (written.has(name) || (name === 'manifest.json' && manifestBytes))
        refuse(`entry '${name}' appears twice`)
      if (isSpecialFile(entry)) refuse(`entry '${name}' is a symbolic link or special file`)
      if (entry.isEncrypted()) refuse(`entry '${name}' is encrypted`)
      const limit = entryLimit(role)
      if (entry.uncompressedSize > limit)
        refuse(`entry '${name}' is ${entry.uncompressedSize} bytes, over the ${limit}-byte limit`)
      total += entry.uncompressedSize
      if (total > LIMITS.total) refuse(`unpacks to more than ${LIMITS.total} bytes`)
      const stream = await zip
        .open(entry)
        .catch((e: Error) => refuse(`entry '${name}' cannot be read (${e.message})`))
      if (role.kind === 'manifest') {
        manifestBytes = await collect(stream, limit).catch((e: Error) =>
          refuse(`manifest.json is damaged (${e.message})`),
        )
        continue
      }
      // Our own path for it, built from the parsed role (never from the archive's string).
      const rel = ownPath(role)
      await fs.mkdir(join(tmp, ...rel.slice(0, -1)), { recursive: true })
      const w = await writeEntry(stream, join(tmp, ...rel), limit).catch((e: Error) =>
        refuse(`entry '${name}' is damaged (${e.message})`),
      )
      written.set(rel.join('/'), w)
    }
    if (!manifestBytes) refuse('has no manifest.json')
    const manifest = parseManifest(manifestBytes, refuse)
    verifyEntries(manifest, written, refuse)
    await fs
      .readFile(join(tmp, 'config.json'), 'utf8')
      .then((t) => parseTrainConfig(JSON.parse(t), 'config.json'))
      .catch((e: Error) => refuse(`config.json is invalid (${e.message})`))
    for (const c of manifest.checkpoints) {
      if (c.name !== checkpointName(c.epoch, c.step))
        refuse(`checkpoint '${c.name}' does not match its epoch and step`)
      const data = await loadCheckpoint(join(tmp, 'checkpoints', c.name)).catch((e: Error) =>
        refuse(`checkpoint '${c.name}' cannot be loaded (${e.message.replace(tmp, '')})`),
      )
      if (data.state.epoch !== c.epoch || data.state.step !== c.step)
        refuse(`checkpoint '${c.name}' holds epoch ${data.state.epoch} step ${data.state.step}`)
    }
    if (manifest.best !== null && !manifest.checkpoints.some((c) => c.name === manifest.best))
      refuse(`best checkpoint '${manifest.best}' is not in the archive`)
    const index = {
      type: 'crnngan-run',
      version: CHECKPOINT_VERSION,
      checkpoints: manifest.checkpoints,
      best: manifest.best,
    }
    await writeSynced(join(tmp, 'run.json'), JSON.stringify(index, null, 1))
    const name = await renameFree(tmp, runsDir, safeRunName(o.name ?? manifest.run.name))
    return {
      runDir: join(runsDir, name),
      name,
      checkpoints: manifest.checkpoints.map((c) => c.name),
      best: manifest.best,
    }
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true })
    if (err instanceof RunArchiveError) throw err
    throw new RunArchiveError(label, `could not be imported (${(err as Error).message})`)
  } finally {
    zip.close()
  }
}

/** Where an entry goes inside the new run folder, built from its parsed role. */
function ownPath(role: Exclude<EntryRole, { kind: 'manifest' }>): string[] {
  if (role.kind === 'config') return ['config.json']
  if (role.kind === 'card') return ['model-card.md']
  return ['checkpoints', checkpointName(role.epoch, role.step), role.file]
}

async function next(zip: ZipReader, refuse: (p: string) => never) {
  try {
    return await zip.next()
  } catch (err) {
    return refuse(`is damaged or unsafe (${(err as Error).message})`)
  }
}

function parseManifest(bytes: Buffer, refuse: (p: string) => never): ArchiveManifest {
  let raw: Record<string, unknown>
  try {
    raw = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
  } catch (err) {
    return refuse(`manifest.json is not JSON (${(err as Error).message})`)
  }
  if (raw?.format !== ARCHIVE_FORMAT) refuse(`manifest.json is not a ${ARCHIVE_FORMAT} manifest`)
  if (typeof raw.version === 'number' && raw.version > ARCHIVE_VERSION)
    refuse(
      `was written by a newer crnngan (format version ${raw.version}; this one reads ${ARCHIVE_VERSION})`,
    )
  const r = manifestSchema.safeParse(raw)
  if (!r.success) {
    const i = r.error.issues[0]
    refuse(`manifest.json is invalid (${i.path.join('.') || 'root'}: ${i.message})`)
  }
  return r.data!
}

function verifyEntries(
  m: ArchiveManifest,
  written: Map<string, Written>,
  refuse: (p: string) => never,
): void {
  const listed = new Set<string>()
  for (const e of m.entries) {
    if (listed.has(e.path)) refuse(`manifest.json lists '${e.path}' twice`)
    listed.add(e.path)
    const w = written.get(e.path)
    if (!w) refuse(`entry '${e.path}' is listed in the manifest but missing`)
    if (w!.bytes !== e.bytes || w!.sha256 !== e.sha256)
      refuse(`entry '${e.path}' fails its sha256 check (the archive was damaged or altered)`)
  }
  for (const path of written.keys())
    if (!listed.has(path)) refuse(`entry '${path}' is not listed in the manifest`)
  if (!listed.has('config.json')) refuse('has no config.json')
  const cps = new Set(m.checkpoints.map((c) => c.name))
  if (cps.size !== m.checkpoints.length) refuse('manifest.json lists a checkpoint twice')
  for (const c of cps)
    for (const f of ['meta.json', 'weights.bin', 'optimizer.bin'])
      if (!listed.has(`checkpoints/${c}/${f}`)) refuse(`checkpoint '${c}' lacks ${f}`)
  for (const path of listed) {
    const m2 = /^checkpoints\/([^/]+)\//.exec(path)
    if (m2 && !cps.has(m2[1])) refuse(`entry '${path}' belongs to no listed checkpoint`)
  }
}

/** Streams to `path` (never overwriting), hashing and counting; fsyncs. */
async function writeEntry(stream: NodeJS.ReadableStream, path: string, limit: number): Promise<Written> {
  const h = createHash('sha256')
  let bytes = 0
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length
      if (bytes > limit) return done(new Error(`more than ${limit} bytes`))
      h.update(chunk)
      done(null, chunk)
    },
  })
  await pipeline(stream, tap, createWriteStream(path, { flags: 'wx', mode: 0o644 }))
  const fh = await fs.open(path, 'r+')
  await fh.sync().finally(() => fh.close())
  return { bytes, sha256: h.digest('hex') }
}

async function collect(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const parts: Buffer[] = []
  let n = 0
  for await (const chunk of stream) {
    n += (chunk as Buffer).length
    if (n > limit) throw new Error(`more than ${limit} bytes`)
    parts.push(chunk as Buffer)
  }
  return Buffer.concat(parts)
}

async function writeSynced(path: string, text: string): Promise<void> {
  const fh = await fs.open(path, 'wx')
  try {
    await fh.writeFile(text)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Renames `tmp` to the first free `<base>`, `<base>-2`, … in `dir` (rename never replaces a non-empty folder). */
async function renameFree(tmp: string, dir: string, base: string): Promise<string> {
  for (let i = 1; i < 1000; i++) {
    const name = i === 1 ? base : `${base}-${i}`
    const target = join(dir, name)
    if (
      await fs.stat(target).then(
        () => true,
        () => false,
      )
    )
      continue
    try {
      await fs.rename(tmp, target)
      const dh = await fs.open(dir, 'r').catch(() => undefined)
      await dh?.sync().catch(() => undefined)
      await dh?.close()
      return name
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err
    }
  }
  throw new Error(`no free run folder name for '${base}' in ${dir}`)
}
