// Remembers the main window's size, position and maximized flag in userData/window-state.json (atomic writes).
// No electron import: main passes bounds in and out, so this is unit-tested in plain Node.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../datasets/atomicWrite'

/** Saved window geometry in device-independent pixels. */
export interface WindowState {
  readonly x?: number
  readonly y?: number
  readonly width: number
  readonly height: number
  readonly maximized: boolean
}

/** First-run size: readable at 1280×800. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false }
/** Smallest window the layout supports. */
export const MIN_WINDOW = { width: 960, height: 600 } as const

const FILE = 'window-state.json'
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

/** Validates untrusted JSON; anything odd falls back to the default (a bad file must never keep the app from opening). */
export function sanitizeWindowState(raw: unknown): WindowState {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_WINDOW_STATE
  const r = raw as Record<string, unknown>
  if (!isInt(r.width, MIN_WINDOW.width, 16384) || !isInt(r.height, MIN_WINDOW.height, 16384))
    return DEFAULT_WINDOW_STATE
  const pos = isInt(r.x, -32768, 32767) && isInt(r.y, -32768, 32767) ? { x: r.x, y: r.y } : {}
  return { ...pos, width: r.width, height: r.height, maximized: r.maximized === true }
}

/** Reads the saved state from `userDataDir`; default when missing or invalid. */
export async function loadWindowState(userDataDir: string): Promise<WindowState> {
  try {
    return sanitizeWindowState(JSON.parse(await readFile(join(userDataDir, FILE), 'utf8')))
  } catch {
    return DEFAULT_WINDOW_STATE
  }
}

/** Writes the state atomically (temp file + rename). */
export async function saveWindowState(userDataDir: string, state: WindowState): Promise<void> {
  await writeFileAtomic(join(userDataDir, FILE), `${JSON.stringify(sanitizeWindowState(state))}\n`)
}
