// The app settings file (`settings.json` in app data): read with zod on every get, written atomically (temp file in
// the same folder + fsync + rename). Writes are serialized so two quick changes cannot interleave. A damaged file
// is never silently lost: it is renamed aside (settings.json.damaged-<time>) before the first new write.
import { promises as fs } from 'node:fs'
import { dirname } from 'node:path'
import { appSettingsSchema, type AppSettings, type SettingsPatch } from '@common/ipc/settings'
import { IpcFailure } from '@common/ipc/result'
import { writeFileAtomic } from '../../datasets/atomicWrite'

/** Settings store over one file; `log` hears about a damaged file (it is kept, and defaults are used). */
export function createSettingsStore(file: string, log: (msg: string) => void = (m) => console.warn(m)) {
  let queue: Promise<unknown> = Promise.resolve()
  let damaged = false

  async function read(): Promise<AppSettings> {
    let text: string
    try {
      text = await fs.readFile(file, 'utf8')
    } catch {
      return {} // no file yet: defaults
    }
    try {
      const parsed = appSettingsSchema.safeParse(JSON.parse(text))
      if (parsed.success) return parsed.data
      throw new Error(parsed.error.issues[0]?.message ?? 'invalid')
    } catch (err) {
      if (!damaged) log(`settings: ${file} is damaged (${(err as Error).message}); using defaults`)
      damaged = true
      return {}
    }
  }

  async function write(patch: SettingsPatch): Promise<AppSettings> {
    const next: Record<string, unknown> = { ...(await read()) }
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete next[k]
      else if (v !== undefined) next[k] = v
    }
    const settings = appSettingsSchema.parse(next)
    try {
      await fs.mkdir(dirname(file), { recursive: true })
      if (damaged) {
        await fs.rename(file, `${file}.damaged-${Date.now()}`).catch(() => undefined)
        damaged = false
      }
      await writeFileAtomic(file, `${JSON.stringify(settings, null, 1)}\n`)
    } catch (err) {
      throw new IpcFailure('io-error', `cannot write the settings file '${file}': ${(err as Error).message}`)
    }
    return settings
  }

  return {
    file,
    get: (): Promise<AppSettings> => read(),
    /** Applies `patch` after any write in flight. */
    set(patch: SettingsPatch): Promise<AppSettings> {
      const run = queue.then(() => write(patch))
      queue = run.catch(() => undefined)
      return run
    },
  }
}
