// FileService over injectable pickers: the Electron shell passes native dialogs, the test bridge passes the
// paths a test supplies. Reading/writing (size limits, atomic writes, project validation) is shared by both.
import { readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { parseProject, serializeProject } from '@common/project/project'
import { IpcFailure } from '@common/ipc/result'
import { writeFileAtomic } from '../../datasets/atomicWrite'
import type { PathGuard } from '../ipc/pathGuard'
import type { FileService } from '../ipc/services'

/** What a shell must provide: user choices only. Each returns null / [] when the user cancels. */
export interface Pickers {
  chooseImport(mode: 'files' | 'folder'): Promise<string[]>
  openFile(kind: PickKind): Promise<string | null>
  saveFile(kind: PickKind, suggestedName: string): Promise<string | null>
  /**
   * False when a file cannot be saved back where it came from (the served studio: an opened project is an upload
   * the user never sees, and only a fresh save reaches the browser as a download). Default true.
   */
  readonly savesInPlace?: boolean
}

/** What a dialog is for: MIDI, a project, or a `.crnnrun` run archive. */
export type PickKind = 'midi' | 'project' | 'run' | 'audio'

/** Largest MIDI/project file read through a dialog (bytes). */
export const MAX_OPEN_BYTES = 64 * 1024 * 1024
/** Extension of studio project files. */
export const PROJECT_EXT = '.crnnproj'

/**
 * Builds the FileService: every picked path is allowed in `guard`; writes go only to save-dialog choices and opened
 * projects, outside the studio's own folders (PathGuard.checkWrite), and are atomic (temp + rename).
 */
export function createFileService(guard: PathGuard, pickers: Pickers): FileService {
  const picked = async (p: string | null): Promise<string | null> => {
    if (p === null) return null
    await guard.allow(p)
    return guard.check(p)
  }
  /** A save-dialog answer: becomes writable, then passes the write check (never inside library / app data). */
  const pickedForWrite = async (p: string | null): Promise<string | null> => {
    if (p === null) return null
    await guard.allowWrite(p)
    return guard.checkWrite(p)
  }
  const read = async (path: string): Promise<Buffer> => {
    try {
      const s = await stat(path)
      if (!s.isFile()) throw new IpcFailure('io-error', `'${path}' is not a file`)
      if (s.size > MAX_OPEN_BYTES) throw new IpcFailure('io-error', `'${path}' is larger than 64 MiB`)
      return await readFile(path)
    } catch (err) {
      if (err instanceof IpcFailure) throw err
      throw new IpcFailure('io-error', `cannot read '${path}': ${(err as Error).message}`)
    }
  }
  const write = async (path: string, data: string | Uint8Array): Promise<void> => {
    try {
      await writeFileAtomic(path, data)
    } catch (err) {
      throw new IpcFailure('io-error', `cannot write '${path}': ${(err as Error).message}`)
    }
  }
  const withExt = (name: string, ext: string): string =>
    extname(name).toLowerCase() === ext ? name : `${name}${ext}`

  return {
    pickOpen: async (kind) => picked(await pickers.openFile(kind)),
    pickSave: async (kind, suggestedName) => picked(await pickers.saveFile(kind, suggestedName)),
    async chooseImport(mode) {
      const paths = await pickers.chooseImport(mode)
      for (const p of paths) await guard.allow(p)
      return paths
    },
    async openMidi() {
      const path = await picked(await pickers.openFile('midi'))
      if (path === null) return null
      return { path, name: basename(path), bytes: new Uint8Array(await read(path)) }
    },
    async saveMidi(suggestedName, bytes) {
      const path = await pickedForWrite(await pickers.saveFile('midi', withExt(suggestedName, '.mid')))
      if (path === null) return null
      await write(path, bytes)
      return { path }
    },
    async saveAudio(suggestedName, bytes) {
      const path = await picked(await pickers.saveFile('audio', withExt(suggestedName, '.wav')))
      if (path === null) return null
      await write(path, bytes)
      return { path }
    },
    async openProject() {
      const path = await picked(await pickers.openFile('project'))
      if (path === null) return null
      const text = (await read(path)).toString('utf8')
      await guard.allowWrite(path) // Save writes an opened project back to its file (still checked on write)
      try {
        return { path, project: parseProject(text, basename(path)) }
      } catch (err) {
        throw new IpcFailure('parse-error', (err as Error).message)
      }
    },
    async saveProject(path, saveAs, project) {
      let checked: ReturnType<typeof parseProject>
      try {
        // Round-trip through the schema so a malformed document is refused before anything touches the disk.
        checked = parseProject(JSON.stringify(project), 'project')
      } catch (err) {
        throw new IpcFailure('invalid-request', (err as Error).message)
      }
      const target =
        path !== undefined && !saveAs && pickers.savesInPlace !== false
          ? await guard.checkWrite(path)
          : await pickedForWrite(
              await pickers.saveFile('project', withExt(checked.song.name || 'untitled', PROJECT_EXT)),
            )
      if (target === null) return null
      await write(target, serializeProject(checked))
      return { path: target }
    },
  }
}
