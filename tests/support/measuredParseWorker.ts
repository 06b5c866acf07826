// The import's parse worker (same parseMidiFile, same pool protocol) plus what a benchmark needs to know about each
// file: the CPU time of this thread (Linux /proc/thread-self/stat, 10 ms ticks) and this isolate's heap afterwards.
import { readFileSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import { parentPort } from 'node:worker_threads'
import { parseMidiFile, type ParseReply, type ParseRequest } from '../../src-main/datasets/parseFile'
import type { ReplyMessage, TaskMessage } from '../../src-main/datasets/WorkerPool'

/** What the measuring worker answers per file. */
export interface MeasuredReply {
  readonly reply: ParseReply
  /** CPU time of the worker thread for this file, in ms; null where /proc is missing. */
  readonly cpuMs: number | null
  /** This worker's V8 heap (total size + external memory) right after the file, MB. */
  readonly heapAfterMb: number
}

/** User + system CPU of the calling thread in ms (utime and stime are fields 14 and 15 of the stat line). */
function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) * 10
  } catch {
    return null
  }
}

const port = parentPort!
port.on('message', (msg: TaskMessage<ParseRequest>) => {
  const before = threadCpuMs()
  void parseMidiFile(msg.req).then((reply) => {
    const after = threadCpuMs()
    const h = getHeapStatistics()
    const res: MeasuredReply = {
      reply: reply.ok ? { ...reply, tones: new Float32Array(0) } : reply,
      cpuMs: before === null || after === null ? null : after - before,
      heapAfterMb: (h.total_heap_size + h.external_memory) / 2 ** 20,
    }
    const out: ReplyMessage<MeasuredReply> = { taskId: msg.taskId, res }
    port.postMessage(out)
  })
})
