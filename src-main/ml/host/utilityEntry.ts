// Electron utilityProcess entry of the trainer host: talks over `process.parentPort` (no electron import needed).
// Backend preference comes from the CRNNGAN_BACKEND environment variable, if set.
import type { BackendName } from '../backend/index'
import { createTrainerHost } from './trainerHost'

/** The subset of Electron's utilityProcess `parentPort` used here. */
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort
if (!port)
  throw new Error('utilityEntry.ts must run in an Electron utilityProcess (process.parentPort is missing)')
const prefer = process.env.CRNNGAN_BACKEND as BackendName | undefined
// parentPort.postMessage has no transfer list for plain buffers: events are structured-cloned (copied).
const host = createTrainerHost((event) => port.postMessage(event), { prefer })
port.on('message', (e) => {
  void host.handle(e.data).then(() => {
    if ((e.data as { type?: string })?.type === 'shutdown') process.exit(0)
  })
})
