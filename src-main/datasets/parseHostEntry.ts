// Electron utilityProcess entry of the MIDI parse host (bundled as out/main/parseHost.js): serves parse requests over
// `process.parentPort`. It imports nothing from electron, so tests run it in a plain child process with a stand-in port.
import { serveParseHost, type HostPort } from './parseHost'

const port = (process as unknown as { parentPort?: HostPort }).parentPort
if (!port) throw new Error('parseHostEntry.ts must run in an Electron utilityProcess (no process.parentPort)')
serveParseHost(port)
