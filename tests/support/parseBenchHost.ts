// Child process hosting ONE measuring parse worker with the import's limits, so memory can be measured for the
// worker alone: this process's main thread only relays messages while a file is parsed. For each path it resets
// the peak resident size (Linux clear_refs), runs the file, and reports the peak above the idle size.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { DEFAULT_MAX_BYTES } from '../../src-main/datasets/importFiles'
import type { ParseRequest } from '../../src-main/datasets/parseFile'
import { FILE_TIMEOUT_MS, PARSE_RESOURCE_LIMITS } from '../../src-main/datasets/parsePool'
import { WorkerMemoryError, WorkerPool, WorkerTimeoutError } from '../../src-main/datasets/WorkerPool'
import type { MeasuredReply } from './measuredParseWorker'

/** Request: parse `path`. */
export interface BenchRequest {
  readonly path: string
}
/** Answer per file; `peakMb` is null where /proc cannot measure. */
export interface BenchAnswer {
  readonly outcome: string
  readonly message: string
  readonly cpuMs: number | null
  readonly wallMs: number
  readonly peakMb: number | null
  readonly heapAfterMb: number | null
}
/** First message: the host is ready; `idleMb` is its resident size with the worker started and warmed up. */
export interface BenchReady {
  readonly ready: true
  readonly idleMb: number | null
}

const canMeasure = existsSync('/proc/self/clear_refs')
const status = (field: 'VmRSS' | 'VmHWM'): number =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024

const pool = new WorkerPool<ParseRequest, MeasuredReply>({
  url: new URL('./measuredParseWorker.boot.mjs', import.meta.url),
  size: 1,
  taskTimeoutMs: FILE_TIMEOUT_MS,
  resourceLimits: PARSE_RESOURCE_LIMITS,
})
const req = (path: string): ParseRequest => ({
  path,
  maxBytes: DEFAULT_MAX_BYTES,
  seed: 1234,
  windowLength: 100,
})

async function run(path: string): Promise<BenchAnswer> {
  if (canMeasure) writeFileSync('/proc/self/clear_refs', '5')
  const started = performance.now()
  let a: Omit<BenchAnswer, 'wallMs' | 'peakMb'>
  try {
    const m = await pool.run(req(path))
    const message = m.reply.ok ? '' : m.reply.message
    a = {
      outcome: m.reply.ok ? 'parsed' : m.reply.reason,
      message,
      cpuMs: m.cpuMs,
      heapAfterMb: m.heapAfterMb,
    }
  } catch (err) {
    const outcome =
      err instanceof WorkerMemoryError
        ? 'heap-limit'
        : err instanceof WorkerTimeoutError
          ? 'timeout'
          : 'crash'
    a = { outcome, message: String(err), cpuMs: null, heapAfterMb: null }
  }
  const wallMs = performance.now() - started
  return { ...a, wallMs, peakMb: canMeasure ? status('VmHWM') - idle! : null }
}

let idle: number | null = null
process.on('message', (m: BenchRequest) => void run(m.path).then((a) => process.send!(a)))
process.on('disconnect', () => void pool.close().then(() => process.exit(0)))
const warmPath = process.argv[2]
await pool.run(req(warmPath))
idle = canMeasure ? status('VmRSS') : null
const ready: BenchReady = { ready: true, idleMb: idle }
process.send!(ready)
