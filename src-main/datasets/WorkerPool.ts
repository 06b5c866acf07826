// A small fixed-size pool of worker_threads running one task each at a time; respawns a worker that dies or hangs.
// Used for MIDI parsing so imports use every core and a pathological file cannot stall or kill the import.
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads'

/** Message a pool worker receives. */
export interface TaskMessage<Req> {
  readonly taskId: number
  readonly req: Req
}
/** Message a pool worker answers with: `res` on success, `error` (a message) when the task threw. */
export type ReplyMessage<Res> =
  { readonly taskId: number; readonly res: Res } | { readonly taskId: number; readonly error: string }

/** The worker died (process-level error or exit) while running the task. */
export class WorkerCrashError extends Error {}
/** The worker hit its `resourceLimits` (V8 heap) while running the task and was stopped by Node. */
export class WorkerMemoryError extends WorkerCrashError {}
/** The task ran longer than `taskTimeoutMs`; its worker was terminated. */
export class WorkerTimeoutError extends Error {}
/** Workers keep dying without answering (e.g. the entry file cannot load): the pool gave up and closed. */
export class WorkerPoolBrokenError extends Error {}

export interface WorkerPoolOptions {
  /** Worker entry (an .mjs/.js file URL). */
  readonly url: URL
  /** Number of workers, ≥ 1. */
  readonly size: number
  /** Per-task limit in ms; the worker is terminated and replaced when exceeded. Default: none. */
  readonly taskTimeoutMs?: number
  /** V8 heap limits of every worker (Node stops a worker that exceeds them; the task fails, the worker is replaced). */
  readonly resourceLimits?: ResourceLimits
}

interface Task<Req, Res> {
  readonly taskId: number
  readonly req: Req
  readonly transfer: readonly Transferable[]
  resolve(res: Res): void
  reject(err: Error): void
}

interface Slot<Req, Res> {
  worker: Worker
  task?: Task<Req, Res>
  timer?: NodeJS.Timeout
}

/** Fixed pool of workers speaking the {@link TaskMessage}/{@link ReplyMessage} protocol. Call `close()` when done. */
export class WorkerPool<Req, Res> {
  private readonly slots: Slot<Req, Res>[] = []
  private readonly queue: Task<Req, Res>[] = []
  private nextId = 1
  private closed = false
  /** Worker deaths since the last answer; a pool whose workers cannot even start must not respawn forever. */
  private deathsInARow = 0

  constructor(private readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`worker pool size must be an integer ≥ 1, got ${options.size}`)
    }
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn())
  }

  /** Queues `req`; resolves with the worker's reply or rejects (task error, crash, timeout, pool closed). */
  run(req: Req, transfer: readonly Transferable[] = []): Promise<Res> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'))
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ taskId: this.nextId++, req, transfer, resolve, reject })
      this.pump()
    })
  }

  /** Terminates every worker; queued and running tasks reject with `reason` (default: "worker pool closed"). */
  async close(reason: Error = new Error('worker pool closed')): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const t of this.queue.splice(0)) t.reject(reason)
    await Promise.all(
      this.slots.map(async (s) => {
        clearTimeout(s.timer)
        s.task?.reject(reason)
        s.task = undefined
        await s.worker.terminate()
      }),
    )
  }

  private spawn(): Slot<Req, Res> {
    const slot = { worker: undefined } as unknown as Slot<Req, Res>
    this.attach(slot)
    return slot
  }

  /** Starts a fresh worker for `slot`; its handlers check `slot.worker` so events of a replaced worker are ignored. */
  private attach(slot: Slot<Req, Res>): void {
    const worker = new Worker(this.options.url, { resourceLimits: this.options.resourceLimits })
    slot.worker = worker
    worker.on('message', (msg: ReplyMessage<Res>) => {
      const task = slot.task
      if (slot.worker !== worker || !task || task.taskId !== msg.taskId) return
      this.deathsInARow = 0
      this.finish(slot)
      if ('error' in msg) task.reject(new Error(msg.error))
      else task.resolve(msg.res)
      this.pump()
    })
    // 'error' is followed by 'exit'; the death is handled once, on exit, so the task is rejected exactly once.
    let lastError: Error | undefined
    worker.on('error', (err) => (lastError = err))
    worker.on('exit', (code) => {
      if (this.closed || slot.worker !== worker) return
      const task = slot.task
      this.finish(slot)
      const why = `worker exited (code ${code})${lastError ? `: ${lastError.message}` : ''}`
      const oom = (lastError as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
      task?.reject(oom ? new WorkerMemoryError(why) : new WorkerCrashError(why))
      if (++this.deathsInARow > 2 * this.slots.length + 2) {
        void this.close(new WorkerPoolBrokenError(`workers of ${this.options.url.href} keep failing: ${why}`))
        return
      }
      this.attach(slot)
      this.pump()
    })
  }

  private finish(slot: Slot<Req, Res>): void {
    clearTimeout(slot.timer)
    slot.timer = undefined
    slot.task = undefined
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.task || this.queue.length === 0 || this.closed) continue
      const task = this.queue.shift()!
      slot.task = task
      if (this.options.taskTimeoutMs !== undefined) {
        slot.timer = setTimeout(() => this.timeout(slot, task), this.options.taskTimeoutMs)
      }
      const msg: TaskMessage<Req> = { taskId: task.taskId, req: task.req }
      slot.worker.postMessage(msg, task.transfer as Transferable[])
    }
  }

  private timeout(slot: Slot<Req, Res>, task: Task<Req, Res>): void {
    if (slot.task !== task) return
    this.finish(slot)
    const old = slot.worker
    this.attach(slot)
    void old.terminate()
    task.reject(new WorkerTimeoutError(`task exceeded ${this.options.taskTimeoutMs} ms`))
    this.pump()
  }
}
