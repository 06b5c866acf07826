// HostTransport over a node:worker_threads Worker running the SAME trainer host the app forks as a utilityProcess
// (src-main/ml/host/workerEntry.boot.mjs registers tsx, then loads workerEntry.ts → createTrainerHost).
import { Worker } from 'node:worker_threads'
import type { HostEvent } from '../ml/host/protocol'
import type { HostTransport } from '../app/services/trainingService'

const ENTRY = new URL('../ml/host/workerEntry.boot.mjs', import.meta.url)

/** Starts a trainer host worker; `prefer` picks the tf backend ('cpu' keeps tests independent of wasm). */
export function workerHost(prefer?: string): HostTransport {
  const worker = new Worker(ENTRY, { workerData: { prefer } })
  return {
    send: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
    onMessage: (listener) => worker.on('message', (m: HostEvent) => listener(m)),
    onExit: (listener) => worker.once('exit', (code) => listener(code)),
    kill: () => void worker.terminate(),
  }
}
