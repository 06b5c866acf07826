// The IPC handler table: one async function per contract channel, built from injected services. Each validates
// its payload with the channel's zod schema, checks paths with the PathGuard and returns a Result, never throws.
import {
  invokes,
  type EventName,
  type EventPayload,
  type InvokeChannel,
  type InvokeResponse,
  type ParsedRequest,
} from '@common/ipc/contract'
import { fail, IpcFailure, ok, type Result } from '@common/ipc/result'
import { dirname, join } from 'node:path'
import { createProjectRecovery } from '../services/projectRecovery'
import { createSettingsStore } from '../services/settingsStore'
import type { Services } from './services'

/** Sends a push event to the renderer(s). */
export type Broadcast = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** The table main registers with ipcMain.handle and the test bridge serves over WebSocket. */
export type Handlers = { [C in InvokeChannel]: (payload: unknown) => Promise<Result<InvokeResponse<C>>> }

type Impl = { [C in InvokeChannel]: (req: ParsedRequest<C>) => Promise<InvokeResponse<C>> }

/** Builds the handler table. `log` receives unexpected errors (bugs), which the renderer sees as code 'internal'. */
export function createHandlers(
  services: Services,
  broadcast: Broadcast,
  log: (msg: string, err: unknown) => void = (m, e) => console.error(m, e),
): Handlers {
  const { datasets, training, files, guard } = services
  const imports = new Map<string, AbortController>()
  // Recovery lives beside the library in app data (userData in the app, the bridge's data folder in tests).
  const recovery = createProjectRecovery(join(dirname(services.info.libraryDir), 'recovery'))
  const settings = createSettingsStore(join(dirname(services.info.libraryDir), 'settings.json'))
  const checkAll = (paths: readonly string[]): Promise<string[]> =>
    Promise.all(paths.map((p) => guard.check(p)))

  const impl: Impl = {
    'app:info': async () => ({ ...services.info, backend: training.backend() }),
    'dialog:chooseImport': async ({ mode }) => ({ paths: await files.chooseImport(mode) }),
    'drop:allow': async ({ paths }) => {
      for (const p of paths) await guard.allow(p)
      return { paths }
    },
    'dataset:list': () => datasets.list(),
    'dataset:damaged': () => datasets.damaged(),
    'dataset:get': ({ id }) => datasets.get(id),
    'dataset:create': async ({ importId, name, paths }) => {
      if (imports.has(importId))
        throw new IpcFailure('busy', `an import with id '${importId}' is already running`)
      const checked = await checkAll(paths)
      const ctl = new AbortController()
      imports.set(importId, ctl)
      try {
        return await datasets.create(name, checked, {
          signal: ctl.signal,
          onProgress: (p) => broadcast('dataset:progress', { importId, ...p }),
        })
      } catch (err) {
        if (ctl.signal.aborted) throw new IpcFailure('cancelled', `import '${name}' was cancelled`)
        throw err
      } finally {
        imports.delete(importId)
      }
    },
    'dataset:cancelImport': async ({ importId }) => {
      const ctl = imports.get(importId)
      ctl?.abort()
      return { cancelled: ctl !== undefined }
    },
    'dataset:stats': ({ id }) => datasets.stats(id),
    'dataset:setIncluded': ({ id, keys, included }) => datasets.setIncluded(id, keys, included),
    'dataset:setTags': ({ id, tags }) => datasets.setTags(id, [...new Set(tags)]),
    'dataset:remove': async ({ id }) => ({ removed: await datasets.remove(id) }),
    'train:start': (req) => training.start(req),
    'train:stop': ({ runId }) => training.stop(runId),
    'train:resume': ({ runId, datasetId }) => training.resume(runId, datasetId),
    'train:list': () => training.list(),
    'train:pause': ({ runId }) => training.pause(runId),
    'train:continue': ({ runId }) => training.continueRun(runId),
    'train:presets': () => training.presets(),
    'train:fineTunePreset': ({ startFrom }) => training.fineTunePreset(startFrom),
    'model:card': ({ name }) => training.modelCard(name),
    'generate:sample': (req) => training.sample(req),
    'run:export': async ({ runId, checkpoints }) => {
      const target = await files.pickSave('run', `${runId}.crnnrun`)
      return target === null ? null : training.exportRun(runId, checkpoints, target)
    },
    'run:import': async ({ path }) => {
      const source = path === undefined ? await files.pickOpen('run') : await guard.check(path)
      return source === null ? null : training.importRun(source)
    },
    'file:openMidi': () => files.openMidi(),
    'file:saveMidi': ({ suggestedName, bytes }) => files.saveMidi(suggestedName, bytes),
    'file:saveAudio': ({ suggestedName, bytes }) => files.saveAudio(suggestedName, bytes),
    'file:dragMidi': async ({ suggestedName, bytes }) => {
      if (!files.dragMidi)
        throw new IpcFailure('unavailable', 'file:dragMidi: dragging files out needs the desktop window')
      return files.dragMidi(suggestedName, bytes)
    },
    'project:open': () => files.openProject(),
    'project:save': async ({ path, saveAs, project }) => {
      // The file service writes only a file the user chose (save dialog, opened project), never inside the library
      // or app data (it runs guard.checkWrite), and asks anew where saving in place is impossible (served studio).
      const saved = await files.saveProject(path, saveAs ?? false, project)
      // A clean save makes the autosave obsolete: nothing to recover after the next start.
      if (saved) await recovery.discard()
      return saved
    },
    // Only a path the user chose to save to is remembered, so recovery can safely re-allow it after a restart.
    'project:autosave': async ({ project, path }) =>
      recovery.save(project, path === null ? null : await guard.checkWrite(path)),
    'project:recovery': async () => {
      const found = await recovery.load()
      if (found?.path) await guard.allowWrite(found.path) // writes there are still checked by checkWrite
      return found
    },
    'project:discardRecovery': async () => ({ discarded: await recovery.discard() }),
    'project:setDirty': async ({ dirty, title }) => {
      services.closeGuard?.setDirty(dirty, title)
      return { dirty }
    },
    'settings:get': () => settings.get(),
    'settings:set': (patch) => settings.set(patch),
    'project:closeAfterSave': async ({ saved }) => ({
      closing: services.closeGuard?.closeAfterSave(saved) ?? false,
    }),
  }

  const table = {} as Record<InvokeChannel, (payload: unknown) => Promise<Result<unknown>>>
  for (const channel of Object.keys(invokes) as InvokeChannel[]) {
    const schema = invokes[channel].req
    const run = impl[channel] as (req: unknown) => Promise<unknown>
    table[channel] = async (payload) => {
      const parsed = schema.safeParse(payload ?? {})
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue.path.length ? `'${issue.path.join('.')}'` : 'payload'
        return fail('invalid-request', `${channel}: ${where} ${issue.message}`, {
          issues: parsed.error.issues,
        })
      }
      try {
        return ok(await run(parsed.data))
      } catch (err) {
        if (err instanceof IpcFailure) return fail(err.code, err.message, err.details)
        log(`${channel} failed`, err)
        return fail('internal', `${channel}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
  }
  return table as Handlers
}
