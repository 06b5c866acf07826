// Loads lstm_kernel.wasm (hand-written SIMD GEMM + LSTM pointwise kernels) and manages its memory as a bump
// arena that each op resets: ops copy inputs in, run, and copy results out, so nothing outlives a call.
import { readFileSync } from 'node:fs'

/** Raw exports of lstm_kernel.c; pointers are byte offsets into `memory`. */
export interface KernelExports {
  memory: WebAssembly.Memory
  __heap_base: WebAssembly.Global
  pack_b(K: number, N: number, B: number, brs: number, bcs: number, Bp: number): void
  gemm_packed(
    M: number,
    N: number,
    K: number,
    A: number,
    ars: number,
    acs: number,
    Bp: number,
    ps: number,
    C: number,
    ldc: number,
    acc: number,
  ): void
  lstm_fwd(B: number, H: number, g: number, cp: number, c: number, tc: number, h: number, fb: number): void
  lstm_bwd(B: number, H: number, a: number, cp: number, tc: number, dh: number, dc: number, dg: number): void
  add_rows(M: number, N: number, X: number, bias: number): void
  col_sum(M: number, N: number, X: number, out: number, acc: number): void
  mul(n: number, x: number, m: number, y: number): void
  relu(n: number, x: number): void
  relu_bwd(n: number, a: number, d: number): void
}

/** A float region of the arena: `ptr` in bytes, `len` in floats. */
export interface Buf {
  ptr: number
  len: number
}

/** The loaded kernel with its arena. Single-threaded and synchronous: one op at a time. */
export class Kernel {
  readonly k: KernelExports
  private top: number
  private readonly base: number
  /** Bumped on every reset, so stale buffers can be detected. */
  generation = 0
  private f32: Float32Array

  constructor(exports: KernelExports) {
    this.k = exports
    this.base = (Number(exports.__heap_base.value) + 63) & ~63
    this.top = this.base
    this.f32 = new Float32Array(exports.memory.buffer)
  }

  /** Frees every buffer (start of an op). */
  reset(): void {
    this.top = this.base
    this.generation++
  }

  /** Allocates `len` floats, 64-byte aligned, growing memory as needed. Contents are undefined. */
  alloc(len: number): Buf {
    const ptr = this.top
    this.top = (ptr + len * 4 + 63) & ~63
    const need = this.top - this.k.memory.buffer.byteLength
    if (need > 0) {
      this.k.memory.grow(Math.ceil(need / 65536))
      this.f32 = new Float32Array(this.k.memory.buffer)
    }
    return { ptr, len }
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
    if (this.f32.buffer !== this.k.memory.buffer) this.f32 = new Float32Array(this.k.memory.buffer)
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

let loaded: Kernel | null | undefined

/** The kernel, loaded on first use; null when WebAssembly SIMD is unavailable here. */
export function getKernel(): Kernel | null {
  if (loaded !== undefined) return loaded
  try {
    const bytes = readFileSync(new URL('./lstm_kernel.wasm', import.meta.url))
    const mod = new WebAssembly.Module(bytes)
    loaded = new Kernel(new WebAssembly.Instance(mod, {}).exports as unknown as KernelExports)
  } catch {
    loaded = null
  }
  return loaded
}
