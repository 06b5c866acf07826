// Expands the user's paths (files and folders, recursively) into the sorted list of MIDI files to import.
import { promises as fs } from 'node:fs'
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { FileFailure } from './types'

/** True for names ending in .mid or .midi, any case. */
export function isMidiName(name: string): boolean {
  return /\.midi?$/i.test(name)
}

/** A file found by {@link scanPaths}: absolute `path` and display `name` (relative to the folder given, '/'-separated). */
export interface FoundFile {
  readonly path: string
  readonly name: string
}

/** Result of {@link scanPaths}: MIDI files (de-duplicated by path, in a stable order) and unreadable paths. */
export interface ScanResult {
  readonly files: FoundFile[]
  readonly failures: FileFailure[]
}

/**
 * Expands `paths`: a file is taken as given if its name is .mid/.midi (a non-MIDI name given explicitly is kept too,
 * so the parser reports it as `not-midi` instead of silently ignoring it); a folder contributes every .mid/.midi file
 * below it, recursively, in sorted order. Paths that cannot be read are reported with reason `unreadable`.
 * Symbolic links inside a folder are followed only when their target lies inside that folder (by real path; each
 * folder is walked once, so link cycles end); a link leading anywhere else is skipped with reason `outside-folder`,
 * so importing a folder never reads files outside it. A linked file is read at its real path (`path`) and keeps
 * the name it has in the folder (`name`); other files keep the path under the folder as given.
 */
export async function scanPaths(paths: readonly string[], signal?: AbortSignal): Promise<ScanResult> {
  const files: FoundFile[] = []
  const failures: FileFailure[] = []
  const seen = new Set<string>()
  const add = (p: string, name: string): void => {
    if (!seen.has(p)) {
      seen.add(p)
      files.push({ path: p, name })
    }
  }
  const walked = new Set<string>()
  /** `dir` is the folder as named under the given path, `real` its real path, `root` the given folder's real path. */
  const walk = async (dir: string, real: string, given: string, root: string): Promise<void> => {
    signal?.throwIfAborted()
    if (walked.has(real)) return
    walked.add(real)
    let entries
    try {
      entries = await fs.readdir(real, { withFileTypes: true })
    } catch (err) {
      failures.push({ file: dir, reason: 'unreadable', message: errorText(err) })
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      const p = join(dir, e.name)
      const name = relative(given, p).split('\\').join('/')
      if (e.isDirectory()) await walk(p, join(real, e.name), given, root)
      else if (e.isFile() && isMidiName(e.name)) add(p, name)
      else if (e.isSymbolicLink()) await followLink(p, join(real, e.name), name, given, root)
    }
  }
  const followLink = async (p: string, at: string, name: string, given: string, root: string) => {
    let target: string
    let st
    try {
      target = await fs.realpath(at)
      st = await fs.stat(target)
    } catch (err) {
      if (isMidiName(p)) failures.push({ file: p, reason: 'unreadable', message: errorText(err) })
      return
    }
    if (!st.isDirectory() && !isMidiName(p)) return
    if (!isInside(root, target)) {
      const what = st.isDirectory() ? 'folder' : 'file'
      const message = `${p} is a link to the ${what} ${target}, outside the chosen folder ${given}; skipped`
      failures.push({ file: p, reason: 'outside-folder', message })
    } else if (st.isDirectory()) await walk(p, target, given, root)
    else if (st.isFile()) add(target, name)
  }
  for (const given of paths) {
    const p = resolve(given)
    let st
    let real
    try {
      st = await fs.stat(p)
      real = await fs.realpath(p)
    } catch (err) {
      failures.push({ file: p, reason: 'unreadable', message: errorText(err) })
      continue
    }
    if (st.isDirectory()) await walk(p, real, p, real)
    else add(p, basename(p))
  }
  return { files, failures }
}

/** True when `p` is `root` or lies below it. */
function isInside(root: string, p: string): boolean {
  const rel = relative(root, p)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

/** A filesystem error as a short sentence ("ENOENT: no such file or directory, stat '/x'"). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
