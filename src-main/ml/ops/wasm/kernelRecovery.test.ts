// After a trap the WebAssembly kernel must come back (issue #10 item 11): once a request trapped ("memory access out
// of bounds"), later requests failed with "Kernel GEMM helper thread failed (wasm trap)" for the rest of the session.
// Traps are forced here with out-of-bounds pointers, in the main thread, in a GEMM shared with a helper thread, and
// in a program (the fused D pass's per-direction work) run on a helper or taken over by the main thread.
import { describe, expect, it } from 'vitest'
import { getKernel, KernelProgram, type Kernel } from './kernel'
import { packedSize } from './lstmSeqKernel'

/** A GEMM large enough to be split between threads; returns C[0..3] and checks C against a plain sum. */
function splitGemm(K: Kernel, badC = false): number[] {
  const [M, N, D] = [64, 512, 256]
  K.reset()
  const a = K.from(Float32Array.from({ length: M * D }, (_, i) => ((i % 5) - 2) * 0.25))
  const b = K.from(Float32Array.from({ length: D * N }, (_, i) => ((i % 3) - 1) * 0.5))
  const bp = K.alloc(packedSize(D, N))
  K.k.pack_b(D, N, b.ptr, N, 1, bp.ptr)
  const c = K.zeros(M * N)
  const cPtr = badC ? K.memory.buffer.byteLength + 2 ** 20 : c.ptr
  K.gemm(M, N, D, a.ptr, D, 1, bp.ptr, D * 8, cPtr, N, 0)
  const out = K.copyOut(c)
  const av = K.copyOut(a)
  const bv = K.copyOut(b)
  for (const [i, n] of [
    [0, 0],
    [M - 1, N - 1],
    [17, 301],
  ]) {
    let s = 0
    for (let k = 0; k < D; k++) s += av[i * D + k] * bv[k * N + n]
    expect(out[i * N + n]).toBeCloseTo(s, 3)
  }
  return Array.from(out.subarray(0, 4))
}

describe('kernel recovery after a trap', () => {
  it('a main-thread trap is reported, and the next request gets a working kernel', () => {
    const K = getKernel()!
    expect(() => K.k.relu(16, K.memory.buffer.byteLength + 4096)).toThrow(/memory access out of bounds/)
    const again = getKernel()!
    const good = splitGemm(again)
    expect(good).toHaveLength(4)
  })

  it('a trap inside a GEMM shared with helper threads does not poison later GEMMs', () => {
    const K = getKernel()!
    const threads = K.threads
    expect(threads).toBeGreaterThan(1) // CRNNGAN_KERNEL_THREADS or the core count: helpers are running
    const ref = splitGemm(K)
    expect(() => splitGemm(K, true)).toThrow(/memory access out of bounds|helper thread failed/)
    // Later requests, small and large, work and give the same results as before the trap.
    const K2 = getKernel()!
    expect(K2.threads).toBe(threads)
    K2.reset()
    const x = K2.from([1, -2, 3])
    K2.k.relu(3, x.ptr)
    expect(Array.from(K2.copyOut(x))).toEqual([1, 0, 3])
    for (let i = 0; i < 3; i++) expect(splitGemm(K2)).toEqual(ref)
  })

  it('a trap inside a program run in parallel (as the fused D pass runs its directions) does not poison later work', () => {
    const K = getKernel()!
    const threads = K.threads
    const ref = splitGemm(K)
    K.reset()
    const x = K.zeros(1 << 18)
    // This thread's program takes tens of ms, so the helper claims the bad one and traps there (on a machine so busy
    // that it does not wake in time, this thread takes it over and traps itself: also a broken kernel).
    const ok = new KernelProgram()
    for (let i = 0; i < 1000; i++) ok.call('add', 1 << 18, x.ptr, x.ptr)
    const bad = new KernelProgram()
    bad.call('mul', 4, x.ptr, x.ptr, K.memory.buffer.byteLength + 2 ** 20)
    expect(() => K.runParallel([ok, bad])).toThrow(/helper thread failed|trapped in mul/)
    expect(K.broken).toBe(true)
    const K2 = getKernel()!
    expect(K2).not.toBe(K)
    expect(K2.threads).toBe(threads)
    K2.reset()
    const ys = [K2.from([1, 2, 3, 4]), K2.from([5, 6, 7, 8])]
    const again = ys.map((y) => {
      const p = new KernelProgram()
      p.call('add', 4, y.ptr, y.ptr)
      return p
    })
    K2.runParallel(again)
    expect(ys.map((y) => Array.from(K2.copyOut(y)))).toEqual([
      [2, 4, 6, 8],
      [10, 12, 14, 16],
    ])
    expect(splitGemm(K2)).toEqual(ref)
  })
})
