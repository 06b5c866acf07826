// Runs one exported function of a TypeScript module in a worker thread (tsx registered here, loader hooks are per
// thread) and posts its result, so a test can put a deadline on code that might spin forever on the main thread.
import { register } from 'tsx/esm/api'
import { fileURLToPath } from 'node:url'
import { parentPort, workerData } from 'node:worker_threads'

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })
const { module, exportName, args } = workerData
try {
  const mod = await import(module)
  parentPort.postMessage({ ok: true, value: await mod[exportName](...args) })
} catch (err) {
  parentPort.postMessage({
    ok: false,
    name: err?.name,
    code: err?.code,
    message: String(err?.message ?? err),
  })
}
