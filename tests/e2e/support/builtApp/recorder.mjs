// `node --import` hook of the built-app smoke test, run in the app's main process, its workers and the forked
// trainer host: maps the `electron` import to the recording stub (hooks.mjs) and logs every file the process reads,
// imports, starts as a worker or as a child process to $SMOKE_LOG (one JSON line each), with whether it existed.
// In a process forked as the utility process it also provides Electron's `process.parentPort` over Node's IPC.
import childProcess from 'node:child_process'
import fs from 'node:fs'
import { register, syncBuiltinESMExports } from 'node:module'
import { fileURLToPath } from 'node:url'
import workerThreads from 'node:worker_threads'

const LOG = process.env.SMOKE_LOG
if (!LOG) throw new Error('recorder.mjs needs SMOKE_LOG (the log file)')
const appendFileSync = fs.appendFileSync
const existsSync = fs.existsSync
const where = `${process.pid}:${workerThreads.threadId}`

/** A file path from a path/URL/Buffer argument, else null (file descriptors, eval sources). */
function pathOf(target) {
  if (target instanceof URL) return target.protocol === 'file:' ? fileURLToPath(target) : null
  if (Buffer.isBuffer(target)) target = target.toString()
  if (typeof target !== 'string') return null
  return target.startsWith('file:') ? fileURLToPath(target) : target
}

/** Logs one access; `what` is read | worker | child | electron:<api>. */
export function record(what, target, extra = {}) {
  const path = pathOf(target)
  if (path === null) return
  appendFileSync(LOG, JSON.stringify({ where, what, path, exists: existsSync(path), ...extra }) + '\n')
}
globalThis.__smokeRecord = record

const wrap = (obj, name, what, when = () => true) => {
  const original = obj[name]
  obj[name] = function (target, ...rest) {
    if (when(rest)) record(what, target)
    return original.call(this, target, ...rest)
  }
}
const readOnly = ([flags]) => flags === undefined || flags === 'r' || flags === fs.constants.O_RDONLY
wrap(fs, 'readFileSync', 'read')
wrap(fs, 'readFile', 'read')
wrap(fs, 'createReadStream', 'read')
wrap(fs, 'openSync', 'read', readOnly)
wrap(fs, 'open', 'read', readOnly)
wrap(fs.promises, 'readFile', 'read')
wrap(fs.promises, 'open', 'read', readOnly)

// The stub forks the trainer host with the real fork; everything else that starts a process is the app's own.
globalThis.__smokeOriginals = { fork: childProcess.fork }
for (const name of ['fork', 'spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync'])
  wrap(childProcess, name, 'child')

const OriginalWorker = workerThreads.Worker
workerThreads.Worker = class RecordingWorker extends OriginalWorker {
  constructor(file, options) {
    if (!options?.eval) record('worker', file)
    super(file, options)
  }
}
syncBuiltinESMExports()

register(new URL('./hooks.mjs', import.meta.url), {
  data: { log: LOG, stub: new URL('./electronStub.mjs', import.meta.url).href },
})

// utilityProcess boundary: Electron gives the child `process.parentPort`; here Node's IPC channel plays that part.
if (process.env.SMOKE_UTILITY === '1' && workerThreads.isMainThread && process.send) {
  process.parentPort = {
    on: (event, listener) => process.on(event, (data) => listener({ data })),
    postMessage: (message) => process.send(message),
  }
}
