// HostTransport over an Electron utilityProcess: the engine runs in its own OS process, so long tfjs kernels never
// block menus or IPC, and a native crash there only ends the run (reported as 'trainer-crashed').
import { utilityProcess } from 'electron'
import type { HostEvent } from '../../ml/host/protocol'
import type { HostTransport } from './trainingService'

/** Forks `modulePath` (the bundled ml/host/utilityEntry) as a utility process. */
export function utilityHost(modulePath: string): HostTransport {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'C-RNN-GAN trainer', stdio: 'inherit' })
  return {
    // utilityProcess transfers only MessagePorts; typed arrays are structured-cloned (copied), which is fine here.
    send: (msg) => child.postMessage(msg),
    onMessage: (listener) => child.on('message', (m: HostEvent) => listener(m)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  }
}
