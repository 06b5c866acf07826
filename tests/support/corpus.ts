// Locates the shared real-MIDI corpus (../shared/data). Real-corpus tests skip with a clear message when absent.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Absolute path of the shared corpus (override with CRNNGAN_CORPUS). */
export const corpusDir = resolve(
  process.env.CRNNGAN_CORPUS ?? resolve(import.meta.dirname, '../../../shared/data'),
)

/** True when the corpus folder exists and holds MIDI files. */
export const hasCorpus = existsSync(join(corpusDir, 'SOURCES.md'))

if (!hasCorpus) {
  console.warn(`[corpus] ${corpusDir} not found: real-corpus tests are skipped.`)
}

/** All .mid/.midi files below `sub` of the corpus, sorted, recursively. */
export function corpusFiles(sub = '.'): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.midi?$/i.test(name)) out.push(p)
    }
  }
  if (hasCorpus) walk(join(corpusDir, sub))
  return out
}
