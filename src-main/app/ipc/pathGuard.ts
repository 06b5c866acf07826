// Allow-list of folders the user chose (dialog results, dropped files, the library dir). Every path the renderer
// sends is resolved (symlinks included) and must lie inside one of them, so a compromised page cannot read /etc.
import { realpath } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { IpcFailure } from '@common/ipc/result'

/** Set of allowed root paths with a containment check. */
export class PathGuard {
  readonly #roots = new Set<string>()

  /** @param roots initial roots (absolute), e.g. the library folder. */
  constructor(roots: readonly string[] = []) {
    for (const r of roots) this.allowResolved(resolve(r))
  }

  /** Adds a user-chosen file or folder (and, via realpath, its target when it is a symlink). */
  async allow(path: string): Promise<void> {
    if (!isAbsolute(path)) throw new IpcFailure('forbidden-path', `not an absolute path: '${path}'`)
    this.allowResolved(resolve(path))
    try {
      this.allowResolved(await realpath(path))
    } catch {
      // A save-dialog target does not exist yet: its lexical path is enough.
    }
  }

  /** Roots currently allowed (for diagnostics and tests). */
  roots(): string[] {
    return [...this.#roots]
  }

  /**
   * Resolves `path` and throws IpcFailure('forbidden-path') unless it lies inside an allowed root.
   * Existing paths are checked by their real location (symlinks followed); a missing path by its parent's.
   * @returns the resolved absolute path.
   */
  async check(path: string): Promise<string> {
    if (typeof path !== 'string' || !isAbsolute(path)) {
      throw new IpcFailure('forbidden-path', `not an absolute path: '${String(path)}'`)
    }
    const lexical = resolve(path)
    const real = await realpathOrParent(lexical)
    if (!this.contains(real) || !this.contains(lexical)) {
      throw new IpcFailure('forbidden-path', `'${path}' is outside the folders you chose`, { path })
    }
    return real
  }

  private contains(p: string): boolean {
    for (const root of this.#roots) {
      const rel = relative(root, p)
      if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) return true
    }
    return false
  }

  private allowResolved(p: string): void {
    this.#roots.add(p)
  }
}

/** realpath of `p`, or of its nearest existing ancestor joined with the rest (for files about to be written). */
async function realpathOrParent(p: string): Promise<string> {
  try {
    return await realpath(p)
  } catch {
    const parent = dirname(p)
    if (parent === p) return p
    const base = p.slice(parent.length)
    return (await realpathOrParent(parent)) + base
  }
}
