// The wasm GEMM against a float64 reference, single- and multi-threaded.
import { describe, expect, it } from 'vitest'
import { randomArray } from '../testing/float64'
import { getKernel, setKernelThreads } from './kernel'
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
  it.each([1, 2])(
    'matches a float64 GEMM with %i thread(s), plain, transposed-A and accumulate',
    (threads) => {
      const before = setKernelThreads(threads)
      for (const [M, N, Kd] of shapes) {
        const k = K!
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
    },
  )

  it('rejects a bad thread count with a message naming it', () => {
    expect(() => setKernelThreads(0)).toThrow(/integer ≥ 1, got 0/)
  })
})
