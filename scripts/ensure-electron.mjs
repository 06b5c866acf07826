// First step of `npm start` / `npm run dev`: makes sure Electron's binary is on disk before electron-vite needs it.
// Electron ≥ 42 has no postinstall, so `npm install` never downloads the binary; electron-vite dev/preview read
// node_modules/electron/path.txt and throw "Electron uninstall" without it. This runs the package's own
// `install-electron` bin (its install.js: download, checksum, unzip, path.txt) once, and explains a failure.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const NODE_NEEDED = [22, 12]

/** Why the binary is not usable yet, or null when install.js would find it installed (same rule as its isInstalled). */
function missing(dir, version) {
  const pathTxt = join(dir, 'path.txt')
  if (!existsSync(pathTxt)) return 'node_modules/electron/path.txt is missing'
  const exe = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim())
  if (!existsSync(exe)) return `${exe} is missing`
  const versionFile = join(dir, 'dist', 'version')
  const have = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') : null
  if (have !== version) return `the binary is Electron ${have ?? '(unknown)'}, the package is ${version}`
  return null
}

function fail(lines) {
  console.error(['', ...lines.map((l) => `ensure-electron: ${l}`), ''].join('\n'))
  process.exit(1)
}

const oldNode = () => {
  const [major, minor] = process.versions.node.split('.').map(Number)
  return major < NODE_NEEDED[0] || (major === NODE_NEEDED[0] && minor < NODE_NEEDED[1])
}

// electron-vite's own escape hatch: an Electron binary somewhere else on disk.
if (process.env.ELECTRON_EXEC_PATH) {
  if (existsSync(process.env.ELECTRON_EXEC_PATH)) process.exit(0)
  fail([`ELECTRON_EXEC_PATH points at '${process.env.ELECTRON_EXEC_PATH}', which does not exist.`])
}

const require = createRequire(import.meta.url)
let pkgFile
try {
  pkgFile = require.resolve('electron/package.json')
} catch {
  fail(['the electron package is not installed: run `npm install` first.'])
}
const dir = dirname(pkgFile)
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
const why = missing(dir, pkg.version)
if (why === null) process.exit(0)

const advice = [
  'npm start / npm run dev need it. To get it:',
  '  - check that https://github.com/electron/electron/releases is reachable from here;',
  '  - or set ELECTRON_MIRROR to a mirror you can reach (it must end with /), e.g.',
  '      ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start',
  '  - behind an HTTP(S) proxy: Node ≥ 24 (or 22.21) sends the download through it with',
  '      NODE_USE_ENV_PROXY=1 HTTPS_PROXY=http://proxy.example:8080 npm start',
  `  - or point ELECTRON_EXEC_PATH at an Electron ${pkg.version} binary you already have.`,
  'Then run npm start again.',
]
if (/^(1|true)$/i.test(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? ''))
  fail([
    `Electron ${pkg.version}'s binary is not installed (${why}),`,
    'and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded. Unset it, or:',
    ...advice.slice(1),
  ])

if (oldNode())
  console.warn(
    `ensure-electron: Electron ${pkg.version}'s tooling needs Node ≥ ${NODE_NEEDED.join('.')}; this is Node ` +
      `${process.versions.node}. Trying anyway; if the download or the launch fails, upgrade Node first.`,
  )
const bin = pkg.bin?.['install-electron']
if (!bin)
  fail([`electron ${pkg.version} has no install-electron bin; run \`npm ci\` to repair node_modules.`])
console.log(`ensure-electron: ${why}; downloading Electron ${pkg.version}'s binary once (about 100 MB)…`)
const run = spawnSync(process.execPath, [join(dir, bin)], { stdio: 'inherit' })
const after = missing(dir, pkg.version)
if (after !== null) {
  const how = run.error
    ? run.error.message
    : run.signal
      ? `killed by ${run.signal}`
      : `exit code ${run.status}`
  fail([
    `could not download Electron ${pkg.version}'s binary (install-electron: ${how}; ${after}).`,
    ...advice,
  ])
}
console.log(`ensure-electron: Electron ${pkg.version} is installed.`)
