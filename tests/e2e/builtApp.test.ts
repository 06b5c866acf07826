// Smoke test of the built app without Electron's binary: `npm run build`'s out/ is laid out the way
// electron-builder.yml packages it (app files in resources/app.asar — a plain folder here —, extraResources beside
// it, only production dependencies), then out/main/index.js runs in Node under a recording `electron` stub
// (support/builtApp). The trainer host and the parse worker are the real built files in a real child process and
// worker thread. Checked: every file the app reads, imports or starts exists in the package, and the window, the
// app:// renderer, the engine, the shipped models (through process.resourcesPath: each one in resources/models is
// packaged, listed, sampled and its card read; one the tree lacks is not listed), sampling and an import all work.
import { Midi } from '@tonejs/midi'
import { getConfig } from 'app-builder-lib/out/util/config/config'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { minimatch } from 'minimatch'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '@common/ipc/contract'
import { SHIPPED_MODEL_NAMES, SHIPPED_MODELS } from '@common/models/shipped'
import { CSP_HEADER } from '../../src-main/app/csp'

const root = resolve(import.meta.dirname, '../..')
const support = join(import.meta.dirname, 'support/builtApp')
const tmp = mkdtempSync(join(tmpdir(), 'built-app-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

interface Access {
  where: string
  what: string
  path: string
  exists: boolean
  bare?: boolean
}
interface Layout {
  install: string
  resources: string
  app: string
}
type FileSet = string | { from?: string; to?: string; filter?: string | string[] }
interface BuilderConfig {
  files: FileSet[]
  asarUnpack: string[]
  extraResources: FileSet[]
}
/** electron-builder's file sets (bare patterns or {from, to, filter}) as explicit {from, to, filter[]}. */
function fileSets(entries: FileSet[]): { from: string; to: string; filter: string[] }[] {
  const bare = entries.filter((e) => typeof e === 'string')
  const sets = entries.filter((e) => typeof e !== 'string')
  return [
    ...(bare.length ? [{ from: '.', to: '.', filter: bare }] : []),
    ...sets.map((e) => ({
      from: e.from ?? '.',
      to: e.to ?? e.from ?? '.',
      filter: [e.filter ?? '**'].flat(),
    })),
  ]
}

const inside = (dir: string, p: string): boolean => p === dir || p.startsWith(dir + sep)
function walk(dir: string): string[] {
  if (!existsSync(dir)) return []
  if (statSync(dir).isFile()) return [dir]
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => walk(join(dir, e.name)))
}
/** Files of `base` selected by electron-builder-style patterns (positive globs, then `!` exclusions). */
function select(base: string, patterns: string[]): string[] {
  const yes = patterns.filter((p) => !p.startsWith('!'))
  const no = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1))
  const starts = yes.map((p) => p.split('/').filter((_, i, a) => !/[*?[{]/.test(a.slice(0, i + 1).join('/'))))
  const found = new Set(starts.flatMap((parts) => walk(join(base, ...parts))))
  return [...found]
    .map((f) => relative(base, f).split(sep).join('/'))
    .filter((f) => yes.some((p) => minimatch(f, p)) && !no.some((p) => minimatch(f, p)))
}

/** The package as electron-builder.yml lays it out, under `install` (macOS: inside the .app bundle). */
function stage(name: string, config: BuilderConfig, mac: boolean): Layout {
  const install = join(tmp, name)
  const resources = mac
    ? join(install, 'C-RNN-GAN Studio.app/Contents/Resources')
    : join(install, 'resources')
  const app = join(resources, 'app.asar')
  const copy = (sets: FileSet[], dest: string): void => {
    for (const set of fileSets(sets))
      for (const f of select(join(root, set.from), set.filter)) {
        mkdirSync(dirname(join(dest, set.to, f)), { recursive: true })
        copyFileSync(join(root, set.from, f), join(dest, set.to, f))
      }
  }
  copy(config.files, app)
  copy(config.extraResources, resources)
  // electron-builder packs the production dependencies only: link those, so a devDependency import fails here too.
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
    if (!existsSync(join(root, 'node_modules', dep))) continue // an optional native package npm dropped
    mkdirSync(dirname(join(app, 'node_modules', dep)), { recursive: true })
    symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep), 'junction')
  }
  return { install, resources, app }
}

/** A real two-track MIDI file written with @tonejs/midi. */
function writeMidi(dir: string): void {
  mkdirSync(dir, { recursive: true })
  const midi = new Midi()
  for (const base of [60, 48]) {
    const track = midi.addTrack()
    for (let i = 0; i < 24; i++)
      track.addNote({ midi: base + ((i * 5) % 12), time: i * 0.25, duration: 0.25, velocity: 0.8 })
  }
  writeFileSync(join(dir, 'smoke.mid'), midi.toArray())
}

interface Report {
  error: string | null
  steps: Record<string, unknown> & {
    beforeReady?: string[]
    window?: { preload: string; icon: string; loaded: string[]; schemes: unknown[]; protocols: string[] }
    renderer?: {
      page: { status: number; type: string; csp: string; sha256: string }
      assets: { url: string; status: number; type: string; csp: string; sha256: string }[]
    }
    channels?: string[]
    engine?: { backend: string }
    runs?: string[]
    samples?: Record<string, { ok: boolean; phrases: number; notes: number }>
    cards?: Record<string, { ok: boolean; chars: number }>
    import?: { ok: boolean; files: number }
    children?: { exitCode: number | null; signal: string | null }[]
  }
}
interface Run {
  layout: Layout
  report: Report
  log: Access[]
  output: string
}

/** Runs support/builtApp/harness.mjs on a staged layout in a fresh Node process. */
async function runHarness(layout: Layout, opts: { sample: boolean; importDir?: string }): Promise<Run> {
  const dir = mkdtempSync(join(tmp, 'run-'))
  const files = {
    log: join(dir, 'access.log'),
    report: join(dir, 'report.json'),
    config: join(dir, 'config.json'),
  }
  const userData = join(dir, 'userData')
  mkdirSync(userData)
  const config = {
    mainJs: join(layout.app, 'out/main/index.js'),
    resourcesPath: layout.resources,
    report: files.report,
    timeoutMs: 150_000,
    models: SHIPPED_MODEL_NAMES,
    ...opts,
  }
  writeFileSync(files.config, JSON.stringify(config))
  writeFileSync(files.log, '')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SMOKE_LOG: files.log,
    SMOKE_USER_DATA: userData,
    SMOKE_APP_DIR: layout.app,
  }
  for (const k of [...SHIPPED_MODELS.map((m) => m.envVar), 'ELECTRON_RENDERER_URL', 'NODE_OPTIONS'])
    delete env[k]
  const output = await new Promise<string>((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', join(support, 'recorder.mjs'), join(support, 'harness.mjs'), files.config],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d))
    child.stderr.on('data', (d: Buffer) => (out += d))
    child.on('error', fail)
    child.on('close', () => done(out))
  })
  const report = existsSync(files.report)
    ? (JSON.parse(readFileSync(files.report, 'utf8')) as Report)
    : { error: `no report; output:\n${output}`, steps: {} }
  const log = readFileSync(files.log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Access)
  return { layout, report, log, output }
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')
const built = existsSync(join(root, 'out/main/index.js')) && existsSync(join(root, 'out/preload/index.cjs'))

describe('the built app, packaged as electron-builder.yml says, opens under an electron stub', () => {
  let config: BuilderConfig
  let linux: Run
  let mac: Run
  beforeAll(async () => {
    if (!built) throw new Error('out/ is missing or incomplete: run `npm run build` before the e2e project')
    config = (await getConfig(root, join(root, 'electron-builder.yml'), null)) as unknown as BuilderConfig
    writeMidi(join(tmp, 'midi'))
    linux = await runHarness(stage('linux', config, false), { sample: true, importDir: join(tmp, 'midi') })
    mac = await runHarness(stage('mac', config, true), { sample: false })
  }, 300_000)

  it('starts without an error and quits cleanly, stopping the trainer host', () => {
    for (const run of [linux, mac]) {
      expect(run.report.error, run.output).toBeNull()
      // (How gently the host is stopped on quit is the quit handling's business; here it must just be gone.)
      // The trainer host, and the import's parse host where something was imported: every one is gone.
      const children = run.report.steps.children ?? []
      expect(children.length, run.output).toBe(run === linux ? 2 : 1)
      for (const c of children) expect(c.exitCode !== null || c.signal !== null, run.output).toBe(true)
    }
  })

  it('every file the app reads, imports or starts exists, and none comes from outside the package', () => {
    for (const run of [linux, mac]) {
      const mine = run.log.filter((a) => inside(run.layout.install, a.path))
      expect(
        mine.filter((a) => !a.exists).map((a) => `${a.what} ${relative(run.layout.install, a.path)}`),
      ).toEqual([])
      // The source tree is not shipped: only node_modules (the production dependencies' real paths) may be used.
      const fromRepo = run.log.filter(
        (a) =>
          inside(root, a.path) && !inside(join(root, 'node_modules'), a.path) && !inside(support, a.path),
      )
      expect(fromRepo.map((a) => `${a.what} ${a.path}`)).toEqual([])
      // Bare imports that fail are the optional native tfjs packages npm may drop, nothing else.
      const missing = run.log.filter((a) => a.bare && !a.exists).map((a) => a.path)
      expect(missing.filter((p) => !p.startsWith('@tensorflow/tfjs-node'))).toEqual([])
      // The runAsNode fuse is off: the app must start no Node child process of its own (utilityProcess only).
      expect(run.log.filter((a) => a.what === 'child').map((a) => a.path)).toEqual([])
    }
  })

  it('hands Electron the preload .cjs and the icon from the package', () => {
    const w = linux.report.steps.window!
    expect(w.preload).toBe(join(linux.layout.app, 'out/preload/index.cjs'))
    expect(existsSync(w.preload)).toBe(true)
    expect(w.icon.startsWith(join(linux.layout.app, 'resources/icons') + sep)).toBe(true)
    expect(readFileSync(w.icon).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a') // a PNG
  })

  it('loads index.html and its assets from app:// with the CSP, registered before ready', () => {
    const w = linux.report.steps.window!
    expect(linux.report.steps.beforeReady).toContain('registerSchemesAsPrivileged')
    expect(w.protocols).toEqual(['app'])
    expect(w.loaded).toEqual(['app://studio/index.html'])
    const { page, assets } = linux.report.steps.renderer!
    expect([page.status, page.type, page.csp]).toEqual([200, 'text/html; charset=utf-8', CSP_HEADER])
    expect(page.sha256).toBe(sha256(join(linux.layout.app, 'out/renderer/index.html')))
    const types = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }
    expect(assets.length).toBeGreaterThanOrEqual(2)
    for (const a of assets) {
      const file = join(linux.layout.app, 'out/renderer', new URL(a.url).pathname)
      const ext = file.slice(file.lastIndexOf('.')) as keyof typeof types
      expect([a.status, a.type, a.csp, a.sha256], a.url).toEqual([200, types[ext], CSP_HEADER, sha256(file)])
    }
  })

  it('forks the built trainerHost.js, which loads the wasm kernel file shipped in out/main', () => {
    const forks = linux.log.filter((a) => a.what === 'electron:utilityProcess.fork')
    // (The import runs in its own utility process, parseHost.js: checked by the import test below.)
    expect(forks.map((a) => a.path)).toEqual([
      join(linux.layout.app, 'out/main/trainerHost.js'),
      join(linux.layout.app, 'out/main/parseHost.js'),
    ])
    expect(linux.report.steps.engine?.backend).toMatch(/^(wasm|cpu|tensorflow|tensorflow-gpu)$/)
    const kernel = join(linux.layout.app, 'out/main/lstm_kernel.wasm')
    const reads = linux.log.filter((a) => a.path === kernel && a.what === 'read')
    expect(reads.length).toBeGreaterThan(0)
    expect(sha256(kernel)).toBe(sha256(join(root, 'src-main/ml/ops/wasm/lstm_kernel.wasm')))
  })

  it('offers every shipped model of the tree through process.resourcesPath, samples it and reads its card', () => {
    const inTree = SHIPPED_MODELS.filter((m) =>
      existsSync(join(root, 'resources/models', m.folder, 'manifest.json')),
    )
    expect(inTree.length, 'resources/models holds no shipped model').toBeGreaterThan(0)
    for (const m of SHIPPED_MODELS.filter((x) => !inTree.includes(x)))
      console.warn(`resources/models/${m.folder} is absent: the built app must not list '${m.name}'`)
    for (const run of [linux, mac]) {
      const listed = (run.report.steps.runs ?? []).filter((r) =>
        (SHIPPED_MODEL_NAMES as readonly string[]).includes(r),
      )
      expect(listed, run.layout.install).toEqual(inTree.map((m) => m.name))
      for (const m of inTree) {
        const dir = join(run.layout.resources, 'models', m.folder)
        const reads = run.log.filter((a) => a.what === 'read' && inside(dir, a.path)).map((a) => a.path)
        expect(reads, m.name).toContain(join(dir, 'manifest.json'))
        expect(reads, m.name).toContain(join(dir, 'weights.f16.bin'))
        expect(reads, m.name).toContain(join(dir, 'model-card.md'))
        expect(run.report.steps.cards?.[m.name], m.name).toEqual({
          ok: true,
          chars: readFileSync(join(root, 'resources/models', m.folder, 'model-card.md'), 'utf8').length,
        })
      }
    }
    for (const m of inTree) {
      expect(linux.report.steps.samples?.[m.name], m.name).toMatchObject({ ok: true, phrases: 1 })
      expect(linux.report.steps.samples![m.name].notes).toBeGreaterThan(0)
    }
  })

  it('imports MIDI through the built parseWorker.js in a worker thread', () => {
    const workers = linux.log.filter((a) => a.what === 'worker').map((a) => a.path)
    expect(workers.length).toBeGreaterThan(0)
    expect(new Set(workers)).toEqual(new Set([join(linux.layout.app, 'out/main/parseWorker.js')]))
    expect(linux.report.steps.import).toEqual({ ok: true, files: 1 })
  })

  it('registers every contract channel, and reads .wasm/.node files of dependencies only where asarUnpack puts them', () => {
    expect([...linux.report.steps.channels!].sort()).toEqual([...INVOKE_CHANNELS].sort())
    const modules = join(linux.layout.app, 'node_modules')
    const binaries = linux.log
      .filter(
        (a) =>
          a.what === 'read' && /\.(wasm|node)$/.test(a.path) && inside(join(root, 'node_modules'), a.path),
      )
      .map((a) => `node_modules/${relative(join(root, 'node_modules'), a.path).split(sep).join('/')}`)
    for (const b of binaries)
      expect(
        config.asarUnpack.some((p) => minimatch(b, p)),
        `${b} is read from app.asar but not in asarUnpack`,
      ).toBe(true)
    expect(existsSync(modules)).toBe(true)
  })
})
