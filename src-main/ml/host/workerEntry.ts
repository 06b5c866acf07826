// node:worker_threads entry of the trainer host (used by the CLI): messages in via parentPort, events out.
// workerData: { prefer?: BackendName }. Exits once a `shutdown` request has been handled.
import { parentPort, workerData } from 'node:worker_threads'
import type { BackendName } from '../backend/index'
import { createTrainerHost } from './trainerHost'

const port = parentPort
if (!port) throw new Error('workerEntry.ts must run in a worker thread')
const prefer = (workerData as { prefer?: BackendName } | undefined)?.prefer
const host = createTrainerHost((event, transfer) => port.postMessage(event, transfer ?? []), { prefer })
port.on('message', (msg: { type?: string }) => {
  void host.handle(msg).then(() => {
    if (msg?.type === 'shutdown') port.close()
  })
})
