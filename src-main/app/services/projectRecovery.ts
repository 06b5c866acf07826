// Crash recovery for the open project: autosaves go to one recovery file in app data (atomic temp + rename); a
// clean save/new/discard deletes it, so a recovery file that exists at start-up means the last session crashed.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { parseProject, serializeProject } from '@common/project/project'
import { IpcFailure } from '@common/ipc/result'
import { writeFileAtomic } from '../../datasets/atomicWrite'

/** What `project:recovery` returns. */
export interface Recovered {
  readonly project: unknown
  /** The file the project was last saved to, or null for a never-saved project. */
  readonly path: string | null
  /** ISO-8601 time of the autosave. */
  readonly savedAt: string
}

/** Recovery store in `dir` (created on first write). */
export function createProjectRecovery(dir: string) {
  const file = join(dir, 'autosave.crnnproj')
  const metaFile = join(dir, 'autosave.json')
  return {
    file,
    /** Validates and writes the project and its meta; returns the autosave time. */
    async save(project: unknown, path: string | null): Promise<{ savedAt: string }> {
      let text: string
      try {
        text = serializeProject(parseProject(JSON.stringify(project), 'autosave'))
      } catch (err) {
        throw new IpcFailure('invalid-request', (err as Error).message)
      }
      const savedAt = new Date().toISOString()
      try {
        await fs.mkdir(dir, { recursive: true })
        // Project first, meta second: a crash between the two leaves an older meta, never a meta without a project.
        await writeFileAtomic(file, text)
        await writeFileAtomic(metaFile, JSON.stringify({ savedAt, path }))
      } catch (err) {
        throw new IpcFailure(
          'io-error',
          `cannot write the recovery file '${file}': ${(err as Error).message}`,
        )
      }
      return { savedAt }
    },
    /** The recovery file, or null when there is none (clean exit) or it is unreadable. */
    async load(): Promise<Recovered | null> {
      let text: string
      let meta: { savedAt?: unknown; path?: unknown }
      try {
        text = await fs.readFile(file, 'utf8')
        meta = JSON.parse(await fs.readFile(metaFile, 'utf8')) as typeof meta
      } catch {
        return null
      }
      try {
        const project = parseProject(text, file)
        const savedAt = typeof meta.savedAt === 'string' ? meta.savedAt : new Date(0).toISOString()
        const path = typeof meta.path === 'string' ? meta.path : null
        // Saved to its file after this autosave (e.g. a save whose discard did not run): nothing to recover.
        const savedMs = path
          ? await fs.stat(path).then(
              (s) => s.mtimeMs,
              () => -1,
            )
          : -1
        if (savedMs >= Date.parse(savedAt)) return null
        return { project, path, savedAt }
      } catch {
        return null // a damaged autosave cannot be offered; the next autosave replaces it
      }
    },
    /** Deletes the recovery file (clean state). Returns whether one existed. */
    async discard(): Promise<boolean> {
      const existed = await fs.stat(file).then(
        () => true,
        () => false,
      )
      await fs.rm(file, { force: true })
      await fs.rm(metaFile, { force: true })
      return existed
    },
  }
}

/** The recovery store type. */
export type ProjectRecovery = ReturnType<typeof createProjectRecovery>
