// `npm start` / `npm run dev` up to the download step, in a throw-away project (the real node_modules is never
// touched): package.json's own first step runs scripts/ensure-electron.mjs against (a) a fake install-electron bin
// that records its calls, and (b) electron's real install.js fetching a fake release from a local mirror.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storedZip } from '../support/storedZip'

const root = resolve(import.meta.dirname, '../..')
const realElectron = join(root, 'node_modules/electron')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
}
const electronPkg = JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as {
  version: string
  bin: Record<string, string>
}
const version = electronPkg.version
const exeName = process.platform === 'win32' ? 'electron.exe' : 'electron'
const tmp = mkdtempSync(join(tmpdir(), 'ensure-electron-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** The steps of an npm script that come before electron-vite runs. */
const stepsBefore = (script: string): string[] => {
  const steps = pkg.scripts[script].split('&&').map((s) => s.trim())
  return steps.slice(
    0,
    steps.findIndex((s) => s.startsWith('electron-vite')),
  )
}

let n = 0
/** A project folder holding the real ensure script and an electron package whose install.js is `installer`. */
function project(installer: string): { dir: string; electron: string; log: string } {
  const dir = join(tmp, `p${n++}`)
  const electron = join(dir, 'node_modules/electron')
  mkdirSync(join(dir, 'scripts'), { recursive: true })
  mkdirSync(electron, { recursive: true })
  copyFileSync(join(root, 'scripts/ensure-electron.mjs'), join(dir, 'scripts/ensure-electron.mjs'))
  copyFileSync(join(realElectron, 'package.json'), join(electron, 'package.json'))
  writeFileSync(join(electron, electronPkg.bin['install-electron']), installer)
  return { dir, electron, log: join(dir, 'installer.log') }
}

/** Stand-in for electron's install.js: records the call, then does what FAKE_MODE says. */
const FAKE_INSTALLER = `
const fs = require('fs'), path = require('path')
fs.appendFileSync(process.env.FAKE_LOG, 'called\\n')
if (process.env.FAKE_MODE === 'fail') { console.error('RequestError: getaddrinfo ENOTFOUND github.com'); process.exit(1) }
if (process.env.FAKE_MODE === 'ok') {
  fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true })
  fs.writeFileSync(path.join(__dirname, 'dist', '${exeName}'), '')
  fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v${version}')
  fs.writeFileSync(path.join(__dirname, 'path.txt'), '${exeName}')
}
`

interface Ran {
  code: number | null
  out: string
}
/** Runs `command` through a shell in `cwd` (as npm does), without the helpers' ELECTRON_SKIP_BINARY_DOWNLOAD. */
function run(command: string, cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  const base = { ...process.env }
  delete base.ELECTRON_SKIP_BINARY_DOWNLOAD
  delete base.ELECTRON_EXEC_PATH
  delete base.ELECTRON_MIRROR
  return new Promise((done, fail) => {
    const child = spawn(command, {
      cwd,
      shell: true,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d))
    child.stderr.on('data', (d: Buffer) => (out += d))
    child.on('error', fail)
    child.on('close', (code) => done({ code, out }))
  })
}
const calls = (log: string): number =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0

describe('npm start / npm run dev: the Electron binary is fetched before electron-vite needs it', () => {
  it('both scripts run scripts/ensure-electron.mjs first, then electron-vite', () => {
    for (const script of ['start', 'dev']) {
      expect(stepsBefore(script), script).toEqual(['node scripts/ensure-electron.mjs'])
    }
    expect(pkg.scripts.start).toMatch(/&& electron-vite build && electron-vite preview$/)
    expect(pkg.scripts.dev).toMatch(/&& electron-vite dev$/)
    // What the script runs is the package's own bin (Electron ≥ 42 has no postinstall that would).
    expect(electronPkg.bin['install-electron']).toBe('install.js')
    expect((electronPkg as { scripts?: Record<string, string> }).scripts?.postinstall).toBeUndefined()
  })

  for (const script of ['start', 'dev']) {
    it(`npm run ${script}: downloads when path.txt is missing, and skips once it is there`, async () => {
      const p = project(FAKE_INSTALLER)
      const [step] = stepsBefore(script)
      const env = { FAKE_LOG: p.log, FAKE_MODE: 'ok' }
      const first = await run(step, p.dir, env)
      expect(first.code, first.out).toBe(0)
      expect(calls(p.log)).toBe(1)
      expect(first.out).toMatch(/path\.txt is missing; downloading Electron/)
      expect(readFileSync(join(p.electron, 'path.txt'), 'utf8')).toBe(exeName)
      const second = await run(step, p.dir, env)
      expect(second.code, second.out).toBe(0)
      expect(calls(p.log)).toBe(1)
      expect(second.out).not.toMatch(/downloading/)
    })
  }

  it('downloads again when the binary named by path.txt is gone or is another version', async () => {
    const p = project(FAKE_INSTALLER)
    const [step] = stepsBefore('start')
    const env = { FAKE_LOG: p.log, FAKE_MODE: 'ok' }
    expect((await run(step, p.dir, env)).code).toBe(0)
    rmSync(join(p.electron, 'dist', exeName))
    const gone = await run(step, p.dir, env)
    expect(gone.out).toMatch(/is missing; downloading/)
    expect(calls(p.log)).toBe(2)
    writeFileSync(join(p.electron, 'dist/version'), 'v44.0.0')
    const other = await run(step, p.dir, env)
    expect(other.out).toMatch(/the binary is Electron 44\.0\.0, the package is/)
    expect(calls(p.log)).toBe(3)
    expect(other.code).toBe(0)
  })

  it('a failed download exits non-zero with what to do (mirror, proxy, existing binary)', async () => {
    const p = project(FAKE_INSTALLER)
    const r = await run(stepsBefore('start')[0], p.dir, { FAKE_LOG: p.log, FAKE_MODE: 'fail' })
    expect(calls(p.log)).toBe(1)
    expect(r.code).toBe(1)
    expect(r.out).toContain(`could not download Electron ${version}'s binary (install-electron: exit code 1;`)
    expect(r.out).toMatch(/ELECTRON_MIRROR=https:\/\/\S+\/ npm start/)
    expect(r.out).toMatch(/NODE_USE_ENV_PROXY=1 HTTPS_PROXY=\S+ npm start/)
    expect(r.out).toContain('ELECTRON_EXEC_PATH')
  })

  it('an installer that exits 0 without installing is a failure too', async () => {
    const p = project(FAKE_INSTALLER)
    const r = await run(stepsBefore('start')[0], p.dir, { FAKE_LOG: p.log, FAKE_MODE: 'noop' })
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/install-electron: exit code 0; node_modules\/electron\/path\.txt is missing/)
  })

  it('ELECTRON_SKIP_BINARY_DOWNLOAD stops before any download; ELECTRON_EXEC_PATH replaces it', async () => {
    const p = project(FAKE_INSTALLER)
    const [step] = stepsBefore('start')
    const skip = await run(step, p.dir, {
      FAKE_LOG: p.log,
      FAKE_MODE: 'ok',
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    })
    expect(skip.code).toBe(1)
    expect(skip.out).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded/)
    const exe = join(p.dir, 'my-electron')
    writeFileSync(exe, '')
    const own = await run(step, p.dir, { FAKE_LOG: p.log, FAKE_MODE: 'ok', ELECTRON_EXEC_PATH: exe })
    expect(own.code).toBe(0)
    const wrong = await run(step, p.dir, { FAKE_LOG: p.log, ELECTRON_EXEC_PATH: join(p.dir, 'nope') })
    expect(wrong.code).toBe(1)
    expect(wrong.out).toMatch(/ELECTRON_EXEC_PATH points at '.*nope', which does not exist/)
    expect(calls(p.log)).toBe(0)
  })
})

describe("electron's real install.js through ensure-electron, from a local mirror (ELECTRON_MIRROR)", () => {
  const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`
  const zip = storedZip([
    { name: exeName, data: Buffer.from('#!/bin/sh\necho fake electron\n'), mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${version}`) },
  ])
  const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`
  const requests: string[] = []
  let server: Server
  let mirror = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '')
      if (req.url === `/v${version}/${zipName}`) res.end(zip)
      else if (req.url === `/v${version}/SHASUMS256.txt`) res.end(sums)
      else res.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })
  afterAll(() => new Promise((r) => server.close(r)))

  /** A project with the real electron package files; @electron/get and the unzipper resolve to the repo's. */
  function realProject(): { dir: string; electron: string; env: Record<string, string> } {
    const p = project(readFileSync(join(realElectron, 'install.js'), 'utf8'))
    copyFileSync(join(realElectron, 'checksums.json'), join(p.electron, 'checksums.json'))
    for (const scope of ['@electron', '@electron-internal'])
      symlinkSync(join(root, 'node_modules', scope), join(p.dir, 'node_modules', scope), 'junction')
    // A fake release has no entry in the shipped checksums.json: check it against the mirror's SHASUMS256.txt.
    const env = { electron_use_remote_checksums: '1', electron_config_cache: join(p.dir, 'cache') }
    return { dir: p.dir, electron: p.electron, env }
  }

  it('downloads, verifies and unzips the binary, writes path.txt, and is not fetched twice', async () => {
    const p = realProject()
    const [step] = stepsBefore('start')
    const first = await run(step, p.dir, { ...p.env, ELECTRON_MIRROR: mirror })
    expect(first.code, first.out).toBe(0)
    expect(first.out).toContain(`Electron ${version} is installed`)
    expect(readFileSync(join(p.electron, 'path.txt'), 'utf8')).toBe(exeName)
    expect(readFileSync(join(p.electron, 'dist', exeName), 'utf8')).toContain('fake electron')
    expect(requests).toEqual([`/v${version}/${zipName}`, `/v${version}/SHASUMS256.txt`])
    const second = await run(step, p.dir, { ...p.env, ELECTRON_MIRROR: mirror })
    expect(second.code).toBe(0)
    expect(requests).toHaveLength(2)
  })

  it('an unreachable mirror fails fast with the clear message', async () => {
    const p = realProject()
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    const r = await run(stepsBefore('start')[0], p.dir, {
      ...p.env,
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
    })
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/fetch failed|ECONNREFUSED/)
    expect(r.out).toContain(`could not download Electron ${version}'s binary`)
    expect(existsSync(join(p.electron, 'path.txt'))).toBe(false)
  })
})
