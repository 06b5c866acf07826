// Handler table: schema validation, path checks against chosen roots, stable Result codes, import cancel + progress.
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS, type EventName } from '@common/ipc/contract'
import type { DatasetDetail } from '@common/ipc/dtos'
import { IpcFailure } from '@common/ipc/result'
import { baseSong } from '@common/midi/testSongs'
import { createFileService, type Pickers } from '../services/fileService'
import { createHandlers } from './handlers'
import { PathGuard } from './pathGuard'
import type { DatasetService, Services, TrainingService } from './services'

const detail = (id: string, name: string, files: string[]): DatasetDetail => ({
  id,
  name,
  createdAt: '2026-01-01T00:00:00.000Z',
  tags: [],
  fileCount: files.length,
  includedCount: files.length,
  errorCount: 0,
  duplicateCount: 0,
  noteCount: 0,
  includedTones: files.map(() => 0),
  durationSeconds: 0,
  files: files.map((f) => ({ key: f, name: f, included: true, noteCount: 0, durationSeconds: 0 })),
  errors: [],
})

/** Records what reached the service so tests can see the handler passed checked values through. */
function recordingDatasets(): DatasetService & { created: string[][] } {
  const created: string[][] = []
  return {
    created,
    list: async () => [],
    damaged: async () => [],
    get: async (id) => {
      throw new IpcFailure('not-found', `no dataset '${id}'`)
    },
    create: async (name, paths, { signal, onProgress }) => {
      created.push([...paths])
      for (let i = 0; i < paths.length; i++) {
        await new Promise((r) => setTimeout(r, 5))
        if (signal.aborted) throw new Error('aborted')
        onProgress({ done: i + 1, total: paths.length, etaSeconds: null, currentFile: paths[i] })
      }
      return detail('ds-1', name, [...paths])
    },
    stats: async () => {
      throw new Error('boom: a bug')
    },
    setIncluded: async (id) => detail(id, 'x', []),
    setTags: async (id, tags) => ({ ...detail(id, 'x', []), tags }),
    remove: async () => true,
  }
}

const validSong = baseSong({ name: 's' })

const training: TrainingService = {
  start: async () => ({ runId: 'r1' }),
  stop: async () => ({ stopped: true }),
  resume: async (runId) => ({ runId }),
  list: async () => [],
  sample: async (r) => ({ runId: r.runId, checkpointEpoch: 0, phrases: [] }),
  pause: async () => ({ paused: false }),
  continueRun: async () => ({ continued: false }),
  presets: async () => [],
  fineTunePreset: async () => {
    throw new IpcFailure('not-found', 'no runs in this test')
  },
  modelCard: async (name) => ({ name, label: name, markdown: '# card' }),
  backend: () => 'cpu',
  exportRun: async (_id, _refs, path) => ({ path, bytes: 0, checkpoints: [] }),
  importRun: async () => {
    throw new IpcFailure('not-found', 'no runs in this test')
  },
}

describe('createHandlers', () => {
  let dir: string
  let chosen: string
  let outside: string
  let events: { event: EventName; payload: unknown }[]
  let datasets: ReturnType<typeof recordingDatasets>
  let next: { save: string | null; open: string | null }
  let handlers: ReturnType<typeof createHandlers>
  let logged: string[]

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'handlers-'))
    chosen = join(dir, 'chosen')
    outside = join(dir, 'outside')
    mkdirSync(chosen)
    mkdirSync(outside)
    writeFileSync(join(chosen, 'a.mid'), 'x')
    writeFileSync(join(outside, 'secret.mid'), 'x')
    events = []
    logged = []
    next = { save: null, open: null }
    datasets = recordingDatasets()
    const guard = new PathGuard([join(dir, 'library')])
    const pickers: Pickers = {
      chooseImport: async () => [chosen],
      openFile: async () => next.open,
      saveFile: async () => next.save,
    }
    const services: Services = {
      datasets,
      training,
      files: createFileService(guard, pickers),
      guard,
      info: {
        name: 'C-RNN-GAN Studio',
        version: '0.1.0',
        shell: 'bridge',
        platform: 'linux',
        libraryDir: dir,
      },
    }
    handlers = createHandlers(
      services,
      (event, payload) => events.push({ event, payload }),
      (m) => logged.push(m),
    )
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const guardReads = (p: string) =>
    handlers['dataset:create']({ importId: 'probe', name: 'x', paths: [p] }).then(
      (r) => r.ok || r.error.code !== 'forbidden-path',
    )

  it('has one handler per contract channel', () => {
    expect(Object.keys(handlers).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('run:import checks a given path with the guard; run:export asks where and passes the checked target on', async () => {
    const outsideRun = join(outside, 'x.crnnrun')
    writeFileSync(outsideRun, 'x')
    const refused = await handlers['run:import']({ path: outsideRun })
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden-path')
    // No path: the open dialog (cancelled here) is asked instead.
    expect(await handlers['run:import']({})).toEqual({ ok: true, value: null })
    expect(await handlers['run:export']({ runId: 'r1', checkpoints: ['best'] })).toEqual({
      ok: true,
      value: null,
    })
    next.save = join(chosen, 'r1.crnnrun')
    const saved = await handlers['run:export']({ runId: 'r1', checkpoints: ['best', 3] })
    expect(saved).toEqual({
      ok: true,
      value: { path: join(realpathSync(chosen), 'r1.crnnrun'), bytes: 0, checkpoints: [] },
    })
    const bad = await handlers['run:export']({ runId: 'r1', checkpoints: [] })
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid-request')
  })

  it('answers app:info with the engine backend', async () => {
    const r = await handlers['app:info']({})
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ backend: 'cpu', shell: 'bridge' }) })
  })

  it('rejects payloads that fail the schema with invalid-request naming the field', async () => {
    const r = await handlers['dataset:create']({ importId: 'i1', name: '', paths: [] })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-request')
      expect(r.error.message).toMatch(/dataset:create: 'name'/)
    }
    const extra = await handlers['app:info']({ sneaky: 1 })
    expect(extra.ok ? 'ok' : extra.error.code).toBe('invalid-request')
    const badId = await handlers['dataset:get']({ id: '../../etc' })
    expect(badId.ok ? 'ok' : badId.error.code).toBe('invalid-request')
  })

  it('model:card takes only a shipped model name, never a path', async () => {
    await expect(handlers['model:card']({ name: 'starter-paper' })).resolves.toMatchObject({ ok: true })
    for (const name of ['../starter', '/etc/passwd', 'run-1', 'starter/model-card.md']) {
      const r = await handlers['model:card']({ name })
      expect(r.ok ? 'ok' : r.error.code, name).toBe('invalid-request')
    }
  })

  it('train:start: a preset for a new model, startFrom (no preset, no model.* option) for fine-tuning', async () => {
    const base = { datasetId: 'd1', epochs: 2, seed: 1 }
    const code = async (p: object) => {
      const r = await handlers['train:start'](p)
      return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`
    }
    await expect(code({ ...base, preset: 'tiny' })).resolves.toBe('ok')
    await expect(code({ ...base, startFrom: { run: 'starter-paper' } })).resolves.toBe('ok')
    await expect(code({ ...base, startFrom: { run: 'run-a', checkpoint: 'best' } })).resolves.toBe('ok')
    await expect(code(base)).resolves.toMatch(/^invalid-request: train:start: 'preset' is required/)
    await expect(code({ ...base, preset: 'tiny', startFrom: { run: 'starter' } })).resolves.toMatch(
      /'preset' must be left out when fine-tuning/,
    )
    await expect(
      code({ ...base, startFrom: { run: 'starter' }, options: { 'model.hidden': 8 } }),
    ).resolves.toMatch(/'options.model.hidden' cannot change when fine-tuning/)
    await expect(code({ ...base, startFrom: { run: '../../etc' } })).resolves.toMatch(
      /^invalid-request: train:start: 'startFrom.run'/,
    )
    await expect(code({ ...base, startFrom: { run: 'starter', path: '/x' } })).resolves.toMatch(
      /^invalid-request/,
    )
  })

  it('refuses paths the user did not choose, then accepts them after the dialog', async () => {
    const before = await handlers['dataset:create']({
      importId: 'i1',
      name: 'x',
      paths: [join(chosen, 'a.mid')],
    })
    expect(before.ok ? 'ok' : before.error.code).toBe('forbidden-path')
    expect(datasets.created).toEqual([])

    const pick = await handlers['dialog:chooseImport']({ mode: 'folder' })
    expect(pick).toEqual({ ok: true, value: { paths: [chosen] } })
    const after = await handlers['dataset:create']({
      importId: 'i2',
      name: 'x',
      paths: [join(chosen, 'a.mid')],
    })
    expect(after.ok).toBe(true)

    const escape = await handlers['dataset:create']({
      importId: 'i3',
      name: 'x',
      paths: [join(chosen, '..', 'outside')],
    })
    expect(escape.ok ? 'ok' : escape.error.code).toBe('forbidden-path')
    const relative = await handlers['dataset:create']({ importId: 'i4', name: 'x', paths: ['chosen/a.mid'] })
    expect(relative.ok ? 'ok' : relative.error.code).toBe('forbidden-path')
  })

  it('follows symlinks: a link inside a chosen folder cannot reach outside it', async () => {
    symlinkSync(join(outside, 'secret.mid'), join(chosen, 'link.mid'))
    await handlers['dialog:chooseImport']({ mode: 'folder' })
    const r = await handlers['dataset:create']({
      importId: 'i1',
      name: 'x',
      paths: [join(chosen, 'link.mid')],
    })
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden-path')
  })

  it('broadcasts import progress tagged with the importId', async () => {
    await handlers['dialog:chooseImport']({ mode: 'folder' })
    const r = await handlers['dataset:create']({
      importId: 'imp-7',
      name: 'Bach',
      paths: [chosen, join(chosen, 'a.mid')],
    })
    expect(r.ok && r.value.name).toBe('Bach')
    const progress = events.filter((e) => e.event === 'dataset:progress').map((e) => e.payload)
    expect(progress).toEqual([
      { importId: 'imp-7', done: 1, total: 2, etaSeconds: null, currentFile: chosen },
      { importId: 'imp-7', done: 2, total: 2, etaSeconds: null, currentFile: join(chosen, 'a.mid') },
    ])
  })

  it('cancels a running import with code cancelled', async () => {
    await handlers['dialog:chooseImport']({ mode: 'folder' })
    const paths = Array.from({ length: 50 }, () => join(chosen, 'a.mid'))
    const running = handlers['dataset:create']({ importId: 'c1', name: 'x', paths })
    await new Promise((r) => setTimeout(r, 20))
    expect(await handlers['dataset:cancelImport']({ importId: 'c1' })).toEqual({
      ok: true,
      value: { cancelled: true },
    })
    const r = await running
    expect(r.ok ? 'ok' : r.error.code).toBe('cancelled')
    expect(await handlers['dataset:cancelImport']({ importId: 'c1' })).toEqual({
      ok: true,
      value: { cancelled: false },
    })
  })

  it('passes service failures through with their code and maps bugs to internal', async () => {
    const nf = await handlers['dataset:get']({ id: 'nope' })
    expect(nf).toEqual({ ok: false, error: { code: 'not-found', message: "no dataset 'nope'" } })
    const bug = await handlers['dataset:stats']({ id: 'x' })
    expect(bug.ok ? 'ok' : bug.error.code).toBe('internal')
    expect(logged).toEqual(['dataset:stats failed'])
  })

  it('saves MIDI atomically to the picked path; cancel gives null', async () => {
    expect(await handlers['file:saveMidi']({ suggestedName: 'x', bytes: new Uint8Array([1]) })).toEqual({
      ok: true,
      value: null,
    })
    next.save = join(outside, 'out.mid')
    const r = await handlers['file:saveMidi']({
      suggestedName: 'x',
      bytes: new Uint8Array([77, 84, 104, 100]),
    })
    expect(r).toEqual({ ok: true, value: { path: join(outside, 'out.mid') } })
    expect([...readFileSync(join(outside, 'out.mid'))]).toEqual([77, 84, 104, 100])
    const notBytes = await handlers['file:saveMidi']({ suggestedName: 'x', bytes: [1, 2] })
    expect(notBytes.ok ? 'ok' : notBytes.error.code).toBe('invalid-request')
  })

  it('saves a WAV export atomically and refuses bytes that are not a WAV file', async () => {
    const wav = new Uint8Array(44)
    wav.set(
      [...'RIFF'].map((c) => c.charCodeAt(0)),
      0,
    )
    wav.set(
      [...'WAVE'].map((c) => c.charCodeAt(0)),
      8,
    )
    next.save = join(outside, 'mix.wav')
    const r = await handlers['file:saveAudio']({ suggestedName: 'mix', bytes: wav })
    expect(r).toEqual({ ok: true, value: { path: join(outside, 'mix.wav') } })
    expect(readFileSync(join(outside, 'mix.wav')).subarray(8, 12).toString()).toBe('WAVE')
    const midi = await handlers['file:saveAudio']({ suggestedName: 'x', bytes: new Uint8Array(64) })
    expect(midi.ok ? 'ok' : midi.error.message).toMatch(/not a WAV file/)
  })

  it('never writes library internals through file channels: the page cannot overwrite a manifest', async () => {
    const manifest = join(dir, 'library', 'ds-abc1-0123abcd', 'manifest.json')
    mkdirSync(dirname(manifest), { recursive: true })
    writeFileSync(manifest, '{"format":"crnngan-dataset"}')
    const project = { version: 1, song: validSong, clips: [] }
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code)
    // The library is readable (an import may start there) but it is not a save target.
    expect(await guardReads(manifest)).toBe(true)
    expect(code(await handlers['project:save']({ path: manifest, project }))).toBe('forbidden-path')
    expect(code(await handlers['project:autosave']({ project, path: manifest }))).toBe('forbidden-path')
    // A folder chosen for import is readable, not writable: only files chosen in a save dialog are.
    await handlers['dialog:chooseImport']({ mode: 'folder' })
    expect(code(await handlers['project:save']({ path: join(chosen, 'p.crnnproj'), project }))).toBe(
      'forbidden-path',
    )
    // Even a save dialog answer inside the library is refused, directly or through a symlink.
    next.save = manifest
    const viaDialog = await handlers['project:save']({ project })
    expect(viaDialog).toMatchObject({ ok: false, error: { code: 'forbidden-path' } })
    expect(viaDialog.ok ? '' : viaDialog.error.message).toMatch(/inside the studio's own data/)
    expect(code(await handlers['file:saveMidi']({ suggestedName: 'x', bytes: new Uint8Array([1]) }))).toBe(
      'forbidden-path',
    )
    symlinkSync(manifest, join(outside, 'sneaky.crnnproj'))
    next.save = join(outside, 'sneaky.crnnproj')
    expect(code(await handlers['project:save']({ project }))).toBe('forbidden-path')
    expect(readFileSync(manifest, 'utf8')).toBe('{"format":"crnngan-dataset"}')
  })

  it('a project the user opened can be saved back to its file without a dialog', async () => {
    const song = validSong
    const file = join(outside, 'opened.crnnproj')
    writeFileSync(file, JSON.stringify({ version: 1, song, clips: [] }))
    next.open = file
    const opened = await handlers['project:open']({})
    expect(opened.ok).toBe(true)
    const saved = await handlers['project:save']({ path: file, project: { version: 1, song, clips: [] } })
    expect(saved).toEqual({ ok: true, value: { path: file } })
  })

  it('project:save refuses an unchosen path and a malformed project', async () => {
    const song = baseSong({ name: 's' })
    const project = { version: 1, song, clips: [] }
    const forbidden = await handlers['project:save']({ path: join(outside, 'p.crnnproj'), project })
    expect(forbidden.ok ? 'ok' : forbidden.error.code).toBe('forbidden-path')
    next.save = join(outside, 'p.crnnproj')
    const saved = await handlers['project:save']({ project })
    expect(saved).toEqual({ ok: true, value: { path: join(outside, 'p.crnnproj') } })
    expect(JSON.parse(readFileSync(join(outside, 'p.crnnproj'), 'utf8')).song.name).toBe('s')
    // Once chosen, saving again to the same path needs no dialog.
    expect((await handlers['project:save']({ path: join(outside, 'p.crnnproj'), project })).ok).toBe(true)
    const bad = await handlers['project:save']({
      project: { version: 1, song: { ...song, ppq: -1 }, clips: [] },
    })
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid-request')
  })
})
