// The kernel's shared memory as a bump arena each op resets (ops copy inputs in, run, copy results out), large
// GEMMs' column panels shared with helper threads, and programs (lists of kernel calls) run on helper threads.
import { CTRL_INTS, GemmHelper, PROGRAM_FNS, type ProgramFn } from './gemmHelpers'
import type { GemmArgs, KernelExports } from './kernelExports'

/** Products below this many multiply-adds run on one thread (a hand-off costs tens of µs). */
const SPLIT_MIN_MACS = 2_000_000
/** GEMM calls to run single-threaded after helpers lagged repeatedly, before trying to split again. */
const COOLDOWN_CALLS = 400

/**
 * Highest arena address (bytes). Pointers stay below 2 GiB: the arena's arithmetic and the C side's offsets are
 * signed 32-bit, so a larger request would wrap and trap ("memory access out of bounds"). Requests are checked
 * against it up front (kernelBudget.ts); allocation refuses to pass it as a last line of defence.
 */
export const KERNEL_ARENA_LIMIT = 2 ** 31 - 2 ** 24
let arenaLimit = KERNEL_ARENA_LIMIT

/** Sets the arena limit (tests: a small one makes "the largest request allowed" cheap to run). Returns the old. */
export function setKernelArenaLimit(bytes: number): number {
  const old = arenaLimit
  arenaLimit = Math.min(bytes, KERNEL_ARENA_LIMIT)
  return old
}
export const kernelArenaLimit = (): number => arenaLimit

/** A request that does not fit the kernel's memory; nothing was allocated and the kernel stays usable. */
export class KernelMemoryError extends Error {}

const FN_INDEX = new Map<string, number>(PROGRAM_FNS.map((n, i) => [n, i]))

/**
 * A list of kernel calls for one thread, recorded now and run later by {@link Kernel.runParallel} on this thread or
 * a helper (so independent work, e.g. D's forward and backward directions, runs on two cores without a hand-off
 * per step). Every GEMM in a program is single-threaded.
 */
export class KernelProgram {
  readonly ops: number[] = []
  call(fn: ProgramFn, ...args: number[]): void {
    this.ops.push(FN_INDEX.get(fn)!, args.length, ...args)
  }
  gemm(...args: GemmArgs): void {
    this.call('gemm_packed', ...args)
  }
}

/** A float region of the arena: `ptr` in bytes, `len` in floats. */
export interface Buf {
  ptr: number
  len: number
}

/** The loaded kernel with its arena. Single-threaded and synchronous: one op at a time. */
export class Kernel {
  readonly k: KernelExports
  readonly memory: WebAssembly.Memory
  private top: number
  private base: number
  /** Bumped on every reset, so stale buffers can be detected. */
  generation = 0
  private f32: Float32Array
  private workers: GemmHelper[] = []
  /** Byte offset of the Int32 panel counter the threads of one GEMM claim chunks from (0 without helpers). */
  private counterPtr = 0
  private counter = new Int32Array(1)
  /** End of the permanent area (helper stacks); the pinned cache and then the arena follow it. */
  private fixedTop: number
  private pinned: { key: readonly object[]; bufs: Buf[] } | null = null
  private strikes = 0
  private heldBase: number | null = null
  private cooldown = 0
  /** How often splitting was paused because helpers lagged (for benchmarks). */
  pauses = 0
  /** How often this thread took over the rest of a helper's program (for benchmarks). */
  steals = 0
  /** Set by a trap here or in a helper: the memory and helpers are in an unknown state (see getKernel). */
  broken = false

  /** `exports` should be trap-guarded (kernel.ts sets {@link broken} from the guard). */
  constructor(exports: KernelExports, memory: WebAssembly.Memory) {
    this.k = exports
    this.memory = memory
    this.base = (Number(exports.__heap_base.value) + 63) & ~63
    this.top = this.base
    this.fixedTop = this.base
    this.f32 = new Float32Array(memory.buffer)
  }

  /**
   * One pinned set of buffers that survives resets, rebuilt when `key` (compared element-wise by identity, e.g.
   * weight tensors' dataIds, which change on every assign) differs from the last call's. Lets repeated sampling
   * reuse packed weights. Call right after reset(); it resets the arena itself when it rebuilds.
   */
  pinnedBuffers(key: readonly object[], build: () => Buf[]): Buf[] {
    const p = this.pinned
    if (p && p.key.length === key.length && p.key.every((k, i) => k === key[i])) return p.bufs
    // Re-pinning moves the arena's base, which would free held buffers: build unpinned while a hold is active.
    if (this.heldBase !== null) return build()
    this.pinned = null
    this.base = this.fixedTop
    this.reset()
    const bufs = build()
    this.base = this.top
    this.pinned = { key: [...key], bufs }
    this.reset()
    return bufs
  }

  /**
   * Bytes below the free arena a request cannot use: module data, helper stacks and control blocks, and while a
   * {@link hold} is active everything it keeps (e.g. a training step's fused D activations, pinned weights among
   * them). Sampling budgets (kernelBudget.ts) start here.
   */
  get reservedBytes(): number {
    return this.heldBase === null ? this.fixedTop : this.base
  }

  /** Number of threads GEMMs use (1 + workers). */
  get threads(): number {
    return 1 + this.workers.length
  }

  /**
   * Starts or stops helper threads so GEMMs use `n` threads in total (1 = main thread only). Helpers get their
   * own 64 KB shadow stack and a control block in permanently reserved memory below the arena.
   */
  setThreads(n: number, module: WebAssembly.Module): void {
    for (const w of this.workers.splice(0)) w.stop()
    this.pinned = null
    this.heldBase = null
    this.base = this.fixedTop
    this.cooldown = this.strikes = 0
    this.counterPtr = 0
    if (n > 1) {
      this.reset()
      this.counterPtr = this.alloc(16).ptr // own cache line
      this.counter = new Int32Array(this.memory.buffer, this.counterPtr, 1)
      this.base = this.top
    }
    for (let i = 1; i < n; i++) {
      this.reset()
      const block = this.alloc(16384 + CTRL_INTS) // 64 KB stack, then the control block
      this.base = this.top // reserve it for good
      this.workers.push(new GemmHelper(module, this.memory, block.ptr + 65536))
    }
    this.fixedTop = this.base
    this.reset()
  }

  /**
   * C[M, N] (+)= A[M, K]·B with B packed by pack_b (arguments: {@link GemmArgs}). Large products are shared
   * by column panels between this thread and the helpers: each claims chunks of panels from an atomic counter
   * (disjoint writes, no locks), so a helper whose core is busy elsewhere delays the product by at most its
   * chunk in flight rather than by a fixed half. Results are identical for any thread count.
   */
  gemm(...args: GemmArgs): void {
    const [M, N, K] = args
    const panels = Math.ceil(N / 8)
    const parts = this.workers.length + 1
    // Small products (e.g. one sampled row: ~0.06 ms) cost less than a hand-off; and while the helpers lag (their
    // cores busy with other work) splitting makes things slower, so the split pauses for a while.
    if (parts === 1 || panels < 2 * parts || M * N * K < SPLIT_MIN_MACS || this.cooldown > 0) {
      if (this.cooldown > 0) this.cooldown--
      this.k.gemm_packed(...args)
      return
    }
    // About 8 chunks per thread: few atomics, and little left to wait for when a helper stalls mid-chunk.
    const chunk = Math.max(1, Math.ceil(panels / (8 * parts)))
    Atomics.store(this.counter, 0, 0)
    for (const w of this.workers) w.start(args, this.counterPtr, chunk)
    const t0 = performance.now()
    this.k.gemm_shared(...args, this.counterPtr, chunk)
    const t1 = performance.now()
    let joined = 0
    try {
      for (const w of this.workers) if (w.finish()) joined++
    } catch (err) {
      this.broken = true // a helper trapped or went silent: its flags and stack cannot be trusted again
      throw err
    }
    // A helper that never joined, or kept us waiting more than half our own time again, ran far slower than us.
    const lagging = joined < this.workers.length || performance.now() - t1 > 0.5 * (t1 - t0) + 0.05
    this.strikes = lagging ? this.strikes + 1 : Math.max(0, this.strikes - 1)
    if (this.strikes >= 4) {
      this.strikes = 0
      this.cooldown = COOLDOWN_CALLS
      this.pauses++
    }
  }

  /**
   * Runs independent programs: the first on this thread, the others on helpers (one each). When this thread is
   * done it takes over what a helper has not started yet (the helper stops after its current call), so a helper
   * whose core is busy elsewhere costs at most one call's time. Results do not depend on which thread ran what.
   */
  runParallel(programs: KernelProgram[]): void {
    const posted: { w: GemmHelper; p: KernelProgram }[] = []
    programs.slice(1).forEach((p, i) => {
      const w = this.workers[i]
      if (!w) return
      const buf = this.alloc(p.ops.length * 2 + 2)
      const ptr = (buf.ptr + 7) & ~7
      new Float64Array(this.memory.buffer, ptr, p.ops.length).set(p.ops)
      w.startProgram(ptr, p.ops.length)
      posted.push({ w, p })
    })
    this.run(programs[0])
    for (const p of programs.slice(1 + posted.length)) this.run(p)
    try {
      for (const { w, p } of posted) if (!w.finish()) this.run(p)
    } catch (err) {
      this.broken = true // as in gemm: a helper that trapped or went silent leaves the memory in an unknown state
      throw err
    }
  }

  /** Runs a program on this thread. */
  run(p: KernelProgram): void {
    const fns = PROGRAM_FNS.map((n) => this.k[n] as (...a: number[]) => void)
    const o = p.ops
    for (let i = 0; i < o.length;) {
      const n = o[i + 1]
      fns[o[i]](...o.slice(i + 2, i + 2 + n))
      i += 2 + n
    }
  }

  /**
   * Keeps everything allocated so far across resets (one op's forward activations that its backward reads in
   * place instead of copying them out and back in) until {@link release}. One hold at a time.
   */
  hold(): void {
    if (this.heldBase !== null) this.release()
    this.heldBase = this.base
    this.base = this.top
  }

  /** Ends a {@link hold}. */
  release(): void {
    if (this.heldBase === null) return
    this.base = this.heldBase
    this.heldBase = null
    this.reset()
  }

  /** Whether a hold is active (its buffers are still valid). */
  get holding(): boolean {
    return this.heldBase !== null
  }

  /** Frees every buffer (start of an op). */
  reset(): void {
    this.top = this.base
    this.generation++
  }

  /**
   * Allocates `len` floats, 64-byte aligned, growing memory as needed. Contents are undefined.
   * @throws KernelMemoryError past the arena limit or when memory cannot grow (the arena is left as it was).
   */
  alloc(len: number): Buf {
    const ptr = this.top
    const top = Math.ceil((ptr + len * 4) / 64) * 64
    if (top > arenaLimit)
      throw new KernelMemoryError(
        `the WebAssembly kernel needs more than its ${Math.floor(arenaLimit / 2 ** 20)} MiB of memory for this request`,
      )
    const need = top - this.memory.buffer.byteLength
    if (need > 0) {
      try {
        this.memory.grow(Math.ceil(need / 65536))
      } catch (err) {
        throw new KernelMemoryError(`the WebAssembly kernel could not grow its memory to ${top} bytes`, {
          cause: err,
        })
      }
      this.f32 = new Float32Array(this.memory.buffer)
    }
    this.top = top
    return { ptr, len }
  }

  /** Stops the helper threads (a broken or replaced kernel is dropped). */
  dispose(): void {
    for (const w of this.workers.splice(0)) w.stop()
  }

  /** Allocates and zero-fills. */
  zeros(len: number): Buf {
    const b = this.alloc(len)
    this.view(b).fill(0)
    return b
  }

  /** Allocates and copies `data` in. */
  from(data: ArrayLike<number>): Buf {
    const b = this.alloc(data.length)
    this.view(b).set(data)
    return b
  }

  /** Live view of a buffer (invalid after the next alloc that grows memory). */
  view(b: Buf, offset = 0, len = b.len - offset): Float32Array {
    // A grown shared memory hands out a new, longer SharedArrayBuffer; the old views stay valid but short.
    if (this.f32.length * 4 < this.memory.buffer.byteLength) this.f32 = new Float32Array(this.memory.buffer)
    return this.f32.subarray(b.ptr / 4 + offset, b.ptr / 4 + offset + len)
  }

  /** Copy of a buffer's contents into a fresh JS array (survives resets). */
  copyOut(b: Buf, offset = 0, len = b.len - offset): Float32Array {
    return this.view(b, offset, len).slice()
  }

  /** Byte pointer of float `offset` inside `b`. */
  at(b: Buf, offset: number): number {
    return b.ptr + offset * 4
  }
}
