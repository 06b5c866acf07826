// Library housekeeping: tag normalisation and removal of folders left behind by a crashed import or removal.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

/** A `.tmp-*` import folder older than this is from a crashed process (imports take seconds to minutes). */
const STALE_TMP_MS = 24 * 3600 * 1000

/**
 * Deletes `.trash-*` folders (half-finished removals) and `.tmp-*` folders older than a day (imports whose process
 * died); younger `.tmp-*` folders may belong to an import running in another process and are kept.
 * Never throws: housekeeping must not block the operation that triggered it.
 */
export async function sweepStale(libraryDir: string, now = Date.now()): Promise<void> {
  let names: string[]
  try {
    names = await fs.readdir(libraryDir)
  } catch {
    return
  }
  for (const n of names) {
    const p = join(libraryDir, n)
    try {
      if (n.startsWith('.trash-')) await fs.rm(p, { recursive: true, force: true })
      else if (n.startsWith('.tmp-') && now - (await fs.stat(p)).mtimeMs > STALE_TMP_MS) {
        await fs.rm(p, { recursive: true, force: true })
      }
    } catch {
      // Another process may be removing it at the same moment; nothing to do.
    }
  }
}

/** Trims, drops empty and repeated tags (case-insensitive), keeps the first spelling and the order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const t of tags.map((x) => x.trim()).filter((x) => x.length > 0)) {
    if (!seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase())
      out.push(t)
    }
  }
  return out
}
