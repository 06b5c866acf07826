// Expands the user's paths (files and folders, recursively) into the sorted list of MIDI files to import.
import { promises as fs } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
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
 * Symbolic links to folders are not followed (avoids cycles).
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
  const walk = async (dir: string, root: string): Promise<void> => {
    signal?.throwIfAborted()
    let entries
    try {
      entries = await fs.readdir(dir, { withFileTypes: true })
    } catch (err) {
      failures.push({ file: dir, reason: 'unreadable', message: errorText(err) })
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      const p = join(dir, e.name)
      if (e.isDirectory()) await walk(p, root)
      else if ((e.isFile() || e.isSymbolicLink()) && isMidiName(e.name))
        add(p, relative(root, p).split('\\').join('/'))
    }
  }
  for (const given of paths) {
    const p = resolve(given)
    let st
    try {
      st = await fs.stat(p)
    } catch (err) {
      failures.push({ file: p, reason: 'unreadable', message: errorText(err) })
      continue
    }
    if (st.isDirectory()) await walk(p, p)
    else add(p, basename(p))
  }
  return { files, failures }
}

/** A filesystem error as a short sentence ("ENOENT: no such file or directory, stat '/x'"). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
