// The wasm GEMM against a float64 reference, single- and multi-threaded.
import { describe, expect, it } from 'vitest'
import { randomArray } from '../testing/float64'
import { readFileSync } from 'node:fs'
import {
  availableKernelVariants,
  getKernel,
  hasRelaxedSimd,
  kernelBytes,
  kernelVariant,
  setKernelThreads,
  useKernelVariant,
  KernelProgram,
} from './kernel'
import { LSTM_KERNEL_RELAXED_WASM_BASE64, LSTM_KERNEL_WASM_BASE64 } from './lstmKernelWasm'
import { packedSize } from './lstmSeqKernel'

/** Naive float64 C = A·B (+ C0) with A(i, k) = A[i*ars + k*acs], B row-major [K, N]. */
function naive(
  M: number,
  N: number,
  K: number,
  A: ArrayLike<number>,
  ars: number,
  acs: number,
  B: ArrayLike<number>,
  C0?: ArrayLike<number>,
): Float64Array {
  const C = new Float64Array(M * N)
  for (let i = 0; i < M; i++)
    for (let n = 0; n < N; n++) {
      let s = C0 ? C0[i * N + n] : 0
      for (let k = 0; k < K; k++) s += A[i * ars + k * acs] * B[k * N + n]
      C[i * N + n] = s
    }
  return C
}

describe('wasm GEMM kernel', () => {
  const K = getKernel()
  it('loads (WebAssembly SIMD + shared memory available in Node 20)', () => {
    expect(K).not.toBeNull()
  })

  // Shapes cover row tails (M % 4), column tails (N % 8), K-blocking (> 256), and the threaded split (large).
  const shapes: [number, number, number][] = [
    [1, 3, 5],
    [7, 13, 9],
    [20, 350, 300],
    [21, 1400, 70],
    [64, 200, 520],
  ]
  it.each(availableKernelVariants().flatMap((v) => [1, 2].map((t) => [v, t] as const)))(
    '%s build matches a float64 GEMM with %i thread(s), plain, transposed-A and accumulate',
    (variant, threads) => {
      const v0 = useKernelVariant(variant)
      const before = setKernelThreads(threads)
      for (const [M, N, Kd] of shapes) {
        const k = getKernel()!
        k.reset()
        const a = randomArray(M * Kd, M + N)
        const b = randomArray(Kd * N, Kd)
        const c0 = randomArray(M * N, 3)
        const A = k.from(a)
        const At = k.from(
          Float64Array.from({ length: M * Kd }, (_, i) => a[(i % M) * Kd + Math.floor(i / M)]),
        ) // [K, M]
        const Bp = k.alloc(packedSize(Kd, N))
        k.k.pack_b(Kd, N, k.from(b).ptr, N, 1, Bp.ptr)
        const C = k.alloc(M * N)
        const tol = 1e-5 * Kd
        const maxErr = (want: Float64Array): number =>
          want.reduce((m, v, i) => Math.max(m, Math.abs(k.view(C)[i] - v)), 0)
        k.gemm(M, N, Kd, A.ptr, Kd, 1, Bp.ptr, Kd * 8, C.ptr, N, 0)
        expect(maxErr(naive(M, N, Kd, a, Kd, 1, b))).toBeLessThan(tol)
        k.gemm(M, N, Kd, At.ptr, 1, M, Bp.ptr, Kd * 8, C.ptr, N, 0)
        expect(maxErr(naive(M, N, Kd, a, Kd, 1, b))).toBeLessThan(tol)
        k.view(C).set(c0)
        k.gemm(M, N, Kd, A.ptr, Kd, 1, Bp.ptr, Kd * 8, C.ptr, N, 1)
        expect(maxErr(naive(M, N, Kd, a, Kd, 1, b, c0))).toBeLessThan(tol)
      }
      setKernelThreads(before)
      useKernelVariant(v0)
    },
  )

  it('gives bit-identical products for 1, 2 and 3 threads (panels shared through an atomic counter)', () => {
    const k = getKernel()!
    const before = setKernelThreads(1)
    const [M, N, Kd] = [16, 1400, 700] // one paper-size sampling step: above the split threshold
    const results: Float32Array[] = []
    for (const threads of [1, 2, 3]) {
      setKernelThreads(threads)
      k.reset()
      const A = k.from(randomArray(M * Kd, 5))
      const Bp = k.alloc(packedSize(Kd, N))
      k.k.pack_b(Kd, N, k.from(randomArray(Kd * N, 6)).ptr, N, 1, Bp.ptr)
      const C = k.alloc(M * N)
      // Several products in a row: helpers join some late or not at all, which must not change a bit.
      for (let r = 0; r < 5; r++) k.gemm(M, N, Kd, A.ptr, Kd, 1, Bp.ptr, Kd * 8, C.ptr, N, 0)
      results.push(k.copyOut(C))
    }
    setKernelThreads(before)
    expect(Buffer.from(results[1].buffer).equals(Buffer.from(results[0].buffer))).toBe(true)
    expect(Buffer.from(results[2].buffer).equals(Buffer.from(results[0].buffer))).toBe(true)
    expect(results[0].some((v) => v !== 0)).toBe(true)
  })

  it('embeds exactly the committed .wasm files (the bundled-build fallback is not stale)', () => {
    const file = readFileSync(new URL('./lstm_kernel.wasm', import.meta.url))
    expect(Buffer.from(LSTM_KERNEL_WASM_BASE64, 'base64').equals(file)).toBe(true)
    expect(Buffer.from(kernelBytes()).equals(file)).toBe(true)
    const relaxed = readFileSync(new URL('./lstm_kernel_relaxed.wasm', import.meta.url))
    expect(Buffer.from(LSTM_KERNEL_RELAXED_WASM_BASE64, 'base64').equals(relaxed)).toBe(true)
    expect(Buffer.from(kernelBytes('relaxed')).equals(relaxed)).toBe(true)
  })

  it('detects relaxed SIMD and runs the build it names; the two builds differ only in GEMM rounding', () => {
    const variants = availableKernelVariants()
    expect(variants[0]).toBe('simd128')
    expect(variants.includes('relaxed')).toBe(hasRelaxedSimd())
    // The relaxed build uses relaxed-SIMD opcodes: it validates exactly where the probe module does.
    expect(WebAssembly.validate(kernelBytes('relaxed'))).toBe(hasRelaxedSimd())
    const before = kernelVariant().variant
    const [M, N, Kd] = [20, 64, 700]
    const a = randomArray(M * Kd, 31)
    const b = randomArray(Kd * N, 32)
    const want = naive(M, N, Kd, a, Kd, 1, b)
    const out = variants.map((v) => {
      useKernelVariant(v)
      expect(kernelVariant().variant).toBe(v)
      const k = getKernel()!
      k.reset()
      const Bp = k.alloc(packedSize(Kd, N))
      k.k.pack_b(Kd, N, k.from(b).ptr, N, 1, Bp.ptr)
      const C = k.alloc(M * N)
      k.gemm(M, N, Kd, k.from(a).ptr, Kd, 1, Bp.ptr, Kd * 8, C.ptr, N, 0)
      const c = k.copyOut(C)
      c.forEach((v2, i) => expect(Math.abs(v2 - want[i])).toBeLessThan(1e-5 * Kd))
      return c
    })
    useKernelVariant(before)
    if (out.length === 2) expect(out[1].some((v, i) => v !== out[0][i])).toBe(true) // FMA rounds once
  })

  it('rejects a bad thread count with a message naming it', () => {
    expect(() => setKernelThreads(0)).toThrow(/integer ≥ 1, got 0/)
  })
})

describe('wasm GEMM helper threads', () => {
  it('survive repeated restarts over reused memory (stale control blocks must not look like jobs)', () => {
    const K = getKernel()!
    const before = setKernelThreads(1)
    for (let round = 0; round < 2; round++) {
      // Dirty the arena where the next helper's control block will be carved out.
      K.reset()
      const dirty = K.alloc(1 << 16)
      new Int32Array(K.memory.buffer, dirty.ptr, dirty.len).fill(-1) // a stale -1 reads as 'shut down'
      setKernelThreads(2)
      // Let the helper start and read its control block before the first job overwrites it.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300)
      K.reset()
      const [M, N, Kd] = [20, 1400, 128] // above the single-thread threshold: really split
      const A = K.from(randomArray(M * Kd, round + 1))
      const Bp = K.alloc(packedSize(Kd, N))
      K.k.pack_b(Kd, N, K.from(randomArray(Kd * N, 9)).ptr, N, 1, Bp.ptr)
      const C = K.alloc(M * N)
      K.gemm(M, N, Kd, A.ptr, Kd, 1, Bp.ptr, Kd * 8, C.ptr, N, 0)
      expect(Number.isFinite(K.view(C)[M * N - 1])).toBe(true)
      setKernelThreads(1)
    }
    setKernelThreads(before)
  })
})

describe('kernel programs (independent work on helper threads)', () => {
  it('give bit-identical results however the work is split, including a helper stopped mid-program', () => {
    const before = setKernelThreads(1)
    const [M, N, Kd] = [20, 96, 350]
    const runOnce = (threads: number, mainCalls: number): Float32Array[] => {
      setKernelThreads(threads)
      const k = getKernel()!
      k.reset()
      const Bp = k.alloc(packedSize(Kd, N))
      k.k.pack_b(Kd, N, k.from(randomArray(Kd * N, 41)).ptr, N, 1, Bp.ptr)
      const A = k.from(randomArray(M * Kd, 42))
      const outs = [k.zeros(M * N), k.zeros(M * N)]
      // A chain of accumulating products: a helper stopped anywhere must be continued exactly where it stopped.
      const progs = [mainCalls, 400].map((calls, i) => {
        const p = new KernelProgram()
        for (let c = 0; c < calls; c++) p.gemm(M, N, Kd, A.ptr, Kd, 1, Bp.ptr, Kd * 8, outs[i].ptr, N, 1)
        p.call('mul', M * N, outs[i].ptr, outs[i].ptr, outs[i].ptr)
        return p
      })
      k.runParallel(progs)
      return outs.map((o) => k.copyOut(o))
    }
    const want = runOnce(1, 1)
    const k = getKernel()!
    for (const mainCalls of [1, 50, 800]) {
      const got = runOnce(2, mainCalls)
      const ref = mainCalls === 1 ? want : runOnce(1, mainCalls)
      setKernelThreads(2)
      got.forEach((g, i) => expect(Buffer.from(g.buffer).equals(Buffer.from(ref[i].buffer))).toBe(true))
    }
    expect(Number.isInteger(k.steals)).toBe(true)
    setKernelThreads(before)
  })
})
