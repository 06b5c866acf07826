#!/usr/bin/env node
// `npm run studio [-- serve options]`: builds the renderer when out/renderer is missing or older than the sources,
// then runs `crnngan serve` (the studio in a browser, no Electron needed).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const built = join(root, 'out/renderer/index.html')

/** Newest modification time under `dir` (files only). */
function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const sources = Math.max(newest(join(root, 'src-renderer')), newest(join(root, 'src-main/common')))
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  process.stderr.write('studio: building the renderer (electron-vite build)…\n')
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    },
  )
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const serve = spawn(process.execPath, [join(root, 'bin/crnngan.mjs'), 'serve', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
})
// Ctrl-C reaches the server too (same process group): let it shut down cleanly, then exit with its code.
process.on('SIGINT', () => undefined)
process.on('SIGTERM', () => serve.kill('SIGTERM'))
serve.on('exit', (code) => process.exit(code ?? 1))
