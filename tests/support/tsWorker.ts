// Test helper: calls `exportName(...args)` of a TypeScript module in a worker thread with a deadline. A synchronous
// infinite loop would freeze the test process itself; in a worker it becomes a clean, terminable failure.
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/** What the call produced: its (structured-cloned) value, or the error's name, code and message. */
export type WorkerOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; name?: string; code?: string; message: string }
  | { ok: false; timedOut: true; message: string }

/** Runs the call; resolves with `timedOut` (the worker is terminated) when it has not answered in `timeoutMs`. */
export async function callInWorker<T>(
  modulePath: string,
  exportName: string,
  args: readonly unknown[],
  timeoutMs: number,
): Promise<WorkerOutcome<T>> {
  const worker = new Worker(new URL('./tsWorker.boot.mjs', import.meta.url), {
    workerData: { module: pathToFileURL(modulePath).href, exportName, args },
  })
  let timer: NodeJS.Timeout | undefined
  try {
    return await new Promise<WorkerOutcome<T>>((resolve, reject) => {
      timer = setTimeout(
        () => resolve({ ok: false, timedOut: true, message: `no answer within ${timeoutMs} ms` }),
        timeoutMs,
      )
      worker.once('message', (m: WorkerOutcome<T>) => resolve(m))
      worker.once('error', reject)
    })
  } finally {
    clearTimeout(timer)
    await worker.terminate()
  }
}
