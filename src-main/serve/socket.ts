// The served studio's WebSocket protocol, the browser half being src-renderer/src/lib/web/webStudio.ts (and, for
// the tests, tests/bridge/studioClient.js): {id, op: 'invoke', channel, payload, upload?} → {id, result,
// downloads?}; {id, op: 'drop', upload?, names?} → {id, result}; pushes {event, payload}. Every invoke runs the
// SAME handler table as Electron's ipcMain; the page may call page channels only (as through the preload).
import { isPageChannel, type InvokeChannel } from '@common/ipc/contract'
import { fail, type Result } from '@common/ipc/result'
import { decode, encode } from '@common/ipc/wire'
import type { Handlers } from '../app/ipc/handlers'
import type { DownloadRef, DownloadStore } from './downloads'
import type { UploadKind, UploadStore } from './uploads'
import { pickContext } from './webPickers'

/** Channels whose "dialog" is an upload in the browser, and the upload kind each accepts. */
export const UPLOAD_CHANNELS: Partial<Record<InvokeChannel, UploadKind>> = {
  'dialog:chooseImport': 'import',
  'file:openMidi': 'midi',
  'project:open': 'project',
  'run:import': 'run',
}

/** Everything a connection needs. */
export interface SocketDeps {
  readonly handlers: Handlers
  readonly uploads: UploadStore
  readonly downloads: DownloadStore
  /** Paths of a synthetic drop without an upload (the test bridge's queued drops); default none. */
  readonly onDrop?: (names: readonly string[]) => string[]
}

interface Reply {
  readonly id: number
  readonly result: Result<unknown>
  readonly downloads?: DownloadRef[]
}

/** Answers one text frame; never throws (a bad frame gets an 'invalid-request' reply when it has an id). */
export async function answerFrame(text: string, d: SocketDeps): Promise<string | null> {
  let msg: Record<string, unknown>
  try {
    msg = decode(JSON.parse(text)) as Record<string, unknown>
  } catch (err) {
    return JSON.stringify({
      id: null,
      result: fail('invalid-request', `bad message: ${(err as Error).message}`),
    })
  }
  if (!msg || typeof msg !== 'object' || typeof msg.id !== 'number') return null
  const reply = await answer(msg, d)
  return JSON.stringify(encode(reply))
}

async function answer(msg: Record<string, unknown>, d: SocketDeps): Promise<Reply> {
  const id = msg.id as number
  const upload = typeof msg.upload === 'string' ? msg.upload : undefined
  const taken = (kind: UploadKind | undefined): string[] | Result<never> => {
    if (upload === undefined) return []
    const t = d.uploads.take(upload)
    if (!t) return fail('invalid-request', `upload '${upload}' is unknown, empty or already used`)
    if (kind && t.kind !== kind)
      return fail('invalid-request', `upload '${upload}' holds ${t.kind} files, not ${kind}`)
    return t.paths
  }
  if (msg.op === 'drop') {
    const paths = taken(undefined)
    if (!Array.isArray(paths)) return { id, result: paths }
    const names = Array.isArray(msg.names) ? msg.names.map(String) : []
    const all = upload === undefined ? (d.onDrop?.(names) ?? []) : paths
    return {
      id,
      result: all.length
        ? await d.handlers['drop:allow']({ paths: all })
        : { ok: true, value: { paths: [] } },
    }
  }
  if (msg.op !== 'invoke') return { id, result: fail('invalid-request', `unknown op '${String(msg.op)}'`) }
  const channel = msg.channel
  // The page stands where the preload's caller stands: preload-only channels are refused here too.
  if (!isPageChannel(channel))
    return { id, result: fail('unknown-channel', `'${String(channel)}' is not an IPC channel`) }
  const kind = UPLOAD_CHANNELS[channel]
  if (upload !== undefined && !kind)
    return { id, result: fail('invalid-request', `${channel} does not take an upload`) }
  const paths = taken(kind)
  if (!Array.isArray(paths)) return { id, result: paths }
  const result = await pickContext.run({ paths }, () => d.handlers[channel](msg.payload))
  const ref = result.ok ? d.downloads.refFor((result.value as { path?: unknown } | null)?.path) : null
  return ref ? { id, result, downloads: [ref] } : { id, result }
}
