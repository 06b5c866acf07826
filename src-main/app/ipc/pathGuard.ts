// Allow-lists of what the page may touch. Reads: folders the user chose (dialog results, dropped files) and the
// library; every path the renderer sends is resolved (symlinks included) and must lie inside one of them, so a
// compromised page cannot read /etc. Writes: only the exact files the user chose in a save dialog or opened as a
// project, and never anything inside the studio's own folders (library, app data), even when chosen — so the page
// cannot overwrite a dataset's manifest.json through project:save.
import { realpath } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { IpcFailure } from '@common/ipc/result'

/** Set of allowed root paths with a containment check, and the files that may be written. */
export class PathGuard {
  readonly #roots = new Set<string>()
  readonly #writable = new Set<string>()
  readonly #protected: string[] = []

  /**
   * @param roots initial read roots (absolute), e.g. the library folder; they are also protected from writes.
   * @param opts.protect more folders nothing may be written into through file channels (the app-data folder).
   */
  constructor(roots: readonly string[] = [], opts: { readonly protect?: readonly string[] } = {}) {
    for (const r of roots) this.allowResolved(resolve(r))
    for (const r of [...roots, ...(opts.protect ?? [])]) this.#protected.push(resolve(r))
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

  /**
   * Marks one file as writable: a save-dialog result, or a project file the user opened (saving writes it back).
   * It also becomes readable. Whether it may really be written is decided by {@link checkWrite}.
   */
  async allowWrite(path: string): Promise<void> {
    await this.allow(path)
    const lexical = resolve(path)
    this.#writable.add(lexical)
    this.#writable.add(await realpathOrParent(lexical))
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
    if (!this.contains(this.#roots, real) || !this.contains(this.#roots, lexical)) {
      throw new IpcFailure('forbidden-path', `'${path}' is outside the folders you chose`, { path })
    }
    return real
  }

  /**
   * The check before any write through a file channel: `path` must be a file the user chose to save to (or opened
   * as a project), and neither it nor its real target may lie inside a protected folder.
   * @returns the path to write (resolved, lexical: a symlink chosen by the user is replaced, not followed).
   * @throws {IpcFailure} 'forbidden-path' naming the path.
   */
  async checkWrite(path: string): Promise<string> {
    if (typeof path !== 'string' || !isAbsolute(path)) {
      throw new IpcFailure('forbidden-path', `not an absolute path: '${String(path)}'`)
    }
    const lexical = resolve(path)
    const real = await realpathOrParent(lexical)
    if (this.contains(this.#protected, lexical) || this.contains(this.#protected, real)) {
      throw new IpcFailure(
        'forbidden-path',
        `'${path}' is inside the studio's own data (library or app data); choose a place outside it`,
        { path },
      )
    }
    if (!this.#writable.has(lexical) && !this.#writable.has(real)) {
      throw new IpcFailure('forbidden-path', `'${path}' was not chosen in a save dialog`, { path })
    }
    return lexical
  }

  private contains(roots: Iterable<string>, p: string): boolean {
    for (const root of roots) {
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
