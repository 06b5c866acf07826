// Helper threads for the wasm kernel: each runs the same kernel module on the same shared memory and either claims
// chunks of a GEMM's column panels from a shared counter (gemm_shared) or runs a whole program (a list of kernel
// calls, e.g. one direction of D), coordinated through an Int32 control block with Atomics.
import { Worker } from 'node:worker_threads'

/** Kernel exports a program may call, by index (see KernelProgram in kernel.ts). */
export const PROGRAM_FNS = [
  'gemm_packed',
  'lstm_fwd',
  'lstm_bwd',
  'add_rows',
  'col_sum',
  'mul',
  'add',
  'copy_rows',
  'pack_b',
  'pack_rows',
  'transpose',
] as const
export type ProgramFn = (typeof PROGRAM_FNS)[number]

/**
 * Control block (Int32): [0] job sequence (main writes), [1] done sequence, [2..14] gemm_shared arguments,
 * flags, and [18] the job state: POSTED until a helper claims it (RUNNING) or the main thread withdraws it (IDLE).
 */
export const CTRL_INTS = 32
const SLEEPING = 15
const MAIN_WAITING = 16
const FAILED = 17
const STATE = 18
/** Job kind: 0 = gemm_shared with the arguments in [2..14]; 1 = the program of [3] float64s at byte offset [2]. */
const KIND = 19
/** Program jobs: [20] = 1 asks the helper to stop before its next call; [21] = where it stopped (-1: finished). */
const STOP = 20
const PROGRESS = 21
const [IDLE, POSTED, RUNNING] = [0, 1, 2]
const HELPER_TIMEOUT_MS = 120_000

/**
 * Helper thread: spins briefly for the next job (GEMMs come every ~0.1 ms within a step), then sleeps on a futex;
 * claims the posted job (POSTED → RUNNING; a failed claim means the main thread already did all the work and
 * withdrew it), works through panels with gemm_shared and signals completion with the sequence number read
 * after the claim (the job it really ran). The flags let either side skip futex calls when the other is awake;
 * every flag write is followed by a re-check, so no wake-up is lost.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const { module, memory, ctrl, stack } = workerData
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports
ex.__stack_pointer.value = stack
const c = new Int32Array(memory.buffer, ctrl, ${CTRL_INTS})
const fns = ${JSON.stringify(PROGRAM_FNS)}.map((n) => ex[n])
const runProgram = (p) => {
  for (let i = 0; i < p.length; ) {
    if (Atomics.load(c, ${STOP}) === 1) return i
    const n = p[i + 1]
    fns[p[i]].apply(null, p.subarray(i + 2, i + 2 + n))
    i += 2 + n
  }
  return -1
}
let seen = 0
for (;;) {
  let s = seen
  for (let i = 0; i < 100000 && s === seen; i++) s = Atomics.load(c, 0)
  if (s === seen) {
    Atomics.store(c, ${SLEEPING}, 1)
    if (Atomics.load(c, 0) === seen) Atomics.wait(c, 0, seen)
    Atomics.store(c, ${SLEEPING}, 0)
    continue
  }
  if (s < 0) break
  seen = s
  if (Atomics.compareExchange(c, ${STATE}, ${POSTED}, ${RUNNING}) !== ${POSTED}) continue
  const job = Atomics.load(c, 0)
  if (job < 0) break
  try {
    if (c[${KIND}] === 1) c[${PROGRESS}] = runProgram(new Float64Array(memory.buffer, c[2], c[3]))
    else ex.gemm_shared(c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14])
  } catch {
    Atomics.store(c, ${FAILED}, 1) // reported through memory: the main thread may be blocked in a wait
  }
  Atomics.store(c, 1, job)
  if (Atomics.load(c, ${MAIN_WAITING}) === 1) Atomics.notify(c, 1)
}
`

/** One helper thread and its control block. */
export class GemmHelper {
  private readonly worker: Worker
  private readonly ctrl: Int32Array
  private seq = 0

  /**
   * @param ctrlPtr byte offset of CTRL_INTS free ints in `memory`; the 64 KB below it become the helper's stack.
   */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, ctrlPtr: number) {
    this.ctrl = new Int32Array(memory.buffer, ctrlPtr, CTRL_INTS)
    // The block may reuse arena memory: stale values would look like a pending job to the new helper.
    this.ctrl.fill(0)
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module, memory, ctrl: ctrlPtr, stack: ctrlPtr },
    })
    this.worker.unref() // never keeps the process alive
  }

  /**
   * Posts gemm_shared(args…, next, chunk) for the helper to join; pair with {@link finish}. The arguments are
   * written before the sequence and state, so a helper that claims the job reads them complete.
   */
  start(args: readonly number[], next: number, chunk: number): void {
    this.ctrl.set([...args, next, chunk], 2)
    this.ctrl[KIND] = 0
    this.post()
  }

  /**
   * Posts a program (float64 list at byte offset `ptr`, `len` entries) for the helper to run; pair with
   * {@link finish}, and run the program yourself when finish says the helper never took it.
   */
  startProgram(ptr: number, len: number): void {
    this.ctrl[2] = ptr
    this.ctrl[3] = len
    this.ctrl[KIND] = 1
    this.ctrl[PROGRESS] = -1
    Atomics.store(this.ctrl, STOP, 0)
    this.post()
  }

  /**
   * Ends a posted program early: the helper stops before its next call. Returns the index in the program's list
   * where the caller must continue (0 when the helper never started it, -1 when it had finished).
   */
  stopProgram(): number {
    Atomics.store(this.ctrl, STOP, 1)
    if (!this.finish()) return 0
    return this.ctrl[PROGRESS]
  }

  private post(): void {
    this.seq++
    Atomics.store(this.ctrl, 0, this.seq)
    Atomics.store(this.ctrl, STATE, POSTED)
    // A futex wake is a system call: only pay it when the helper has gone to sleep.
    if (Atomics.load(this.ctrl, SLEEPING) === 1) Atomics.notify(this.ctrl, 0)
  }

  /**
   * Called once the main thread's own share is done: withdraws the job if the helper has not claimed it yet
   * (nothing to wait for), else blocks until it is done — a short spin (usually enough), then a futex wait.
   * @returns whether the helper took part
   */
  finish(): boolean {
    const c = this.ctrl
    if (Atomics.compareExchange(c, STATE, POSTED, IDLE) === POSTED) return false
    for (let s = 0; s < 20000 && Atomics.load(c, 1) !== this.seq; s++);
    if (Atomics.load(c, 1) !== this.seq) {
      Atomics.store(c, MAIN_WAITING, 1)
      const t0 = Date.now()
      while (Atomics.load(c, 1) !== this.seq) {
        Atomics.wait(c, 1, Atomics.load(c, 1), 50)
        // No GEMM slice or D direction takes this long; a helper that died (its exit event cannot arrive while we block) would
        // otherwise hang the process forever.
        if (Date.now() - t0 > HELPER_TIMEOUT_MS)
          throw new Error(`kernel GEMM helper thread silent for ${HELPER_TIMEOUT_MS} ms`)
      }
      Atomics.store(c, MAIN_WAITING, 0)
    }
    if (Atomics.load(c, FAILED) === 1) throw new Error('kernel GEMM helper thread failed (wasm trap)')
    return true
  }

  /** Ends the helper. */
  stop(): void {
    Atomics.store(this.ctrl, 0, -1)
    Atomics.notify(this.ctrl, 0)
    void this.worker.terminate()
  }
}
