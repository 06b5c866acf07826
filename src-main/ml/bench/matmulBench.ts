// Formulation benchmark: GFLOP/s of the products one LSTM training step is made of, as tfjs matMul (each
// transpose / operand-reuse variant) and as the wasm kernel's packed GEMM (1 and 2 threads). This is the
// measurement that chose the kernel path (toolchain.md §10 asked for it).
import * as tf from '@tensorflow/tfjs'
import { getKernel, setKernelThreads } from '../ops/wasm/kernel'
import { packedSize } from '../ops/wasm/lstmSeqKernel'

/** One measured formulation. */
export interface MatmulFigure {
  name: string
  /** Product shape M×K·K×N. */
  shape: string
  gflops: number
  msPerCall: number
}

const gflops = (M: number, N: number, K: number, ms: number): number => (2 * M * N * K) / ms / 1e6

/** Times `f` (`calls` after `warm` warm-ups) and returns ms per call. */
function timeIt(f: () => void, calls: number, warm = 3): number {
  for (let i = 0; i < warm; i++) f()
  const t0 = performance.now()
  for (let i = 0; i < calls; i++) f()
  return (performance.now() - t0) / calls
}

/**
 * Measures the tfjs formulations on the active backend and the kernel GEMM. Sizes are those of one paper-size
 * LSTM step (B 20, H 350: [20×700]·[700×1400]) and of a weight gradient over B·T = 1280 rows.
 */
export function runMatmulBench(calls = 20): MatmulFigure[] {
  const out: MatmulFigure[] = []
  const add = (name: string, M: number, N: number, K: number, ms: number): void => {
    out.push({
      name: `${tf.getBackend()} ${name}`,
      shape: `${M}×${K}·${K}×${N}`,
      gflops: gflops(M, N, K, ms),
      msPerCall: ms,
    })
  }
  const [B, H, BT] = [20, 350, 1280]
  tf.tidy(() => {
    const x = tf.randomNormal([B, 2 * H])
    const W = tf.randomNormal([2 * H, 4 * H])
    const WT = tf.transpose(W)
    const dG = tf.randomNormal([B, 4 * H])
    const X = tf.randomNormal([BT, 2 * H])
    const DG = tf.randomNormal([BT, 4 * H])
    const run = (f: () => tf.Tensor) => () => tf.tidy(() => f().dataSync())
    add(
      'matMul(x, W), same W every call',
      B,
      4 * H,
      2 * H,
      timeIt(
        run(() => tf.matMul(x, W)),
        calls,
      ),
    )
    add(
      'matMul(x, W) with a fresh W each call',
      B,
      4 * H,
      2 * H,
      timeIt(
        run(() => tf.matMul(x, tf.add(W, 0))),
        calls,
      ),
    )
    add(
      'matMul(dG, W, transposeB) (dh = dG·Wᵀ)',
      B,
      2 * H,
      4 * H,
      timeIt(
        run(() => tf.matMul(dG, W, false, true)),
        calls,
      ),
    )
    add(
      'matMul(dG, Wᵀ pre-transposed)',
      B,
      2 * H,
      4 * H,
      timeIt(
        run(() => tf.matMul(dG, WT)),
        calls,
      ),
    )
    add(
      'matMul(X, dG, transposeA) (dW over B·T)',
      2 * H,
      4 * H,
      BT,
      timeIt(
        run(() => tf.matMul(X, DG, true, false)),
        3,
        1,
      ),
    )
    add(
      'matMul(X, W), M = B·T batched projection',
      BT,
      4 * H,
      2 * H,
      timeIt(
        run(() => tf.matMul(X, W)),
        3,
        1,
      ),
    )
  })
  const K = getKernel()
  if (!K) return out
  for (const threads of [1, 2]) {
    const before = setKernelThreads(threads)
    K.reset()
    const rnd = (n: number) => K.from(Float32Array.from({ length: n }, () => Math.random() - 0.5))
    const [x, W, X, DG] = [rnd(B * 2 * H), rnd(2 * H * 4 * H), rnd(BT * 2 * H), rnd(BT * 4 * H)]
    const WP = K.alloc(packedSize(2 * H, 4 * H))
    K.k.pack_b(2 * H, 4 * H, W.ptr, 4 * H, 1, WP.ptr)
    const WTP = K.alloc(packedSize(4 * H, 2 * H))
    K.k.pack_b(4 * H, 2 * H, W.ptr, 1, 4 * H, WTP.ptr)
    const DGP = K.alloc(packedSize(BT, 4 * H))
    const C = K.alloc(BT * 4 * H)
    const name = (s: string): string => `kernel ${threads}T ${s}`
    add(
      name('x·W (packed once)'),
      B,
      4 * H,
      2 * H,
      timeIt(() => K.gemm(B, 4 * H, 2 * H, x.ptr, 2 * H, 1, WP.ptr, 2 * H * 8, C.ptr, 4 * H, 0), calls * 5),
    )
    add(
      name('dG·Wᵀ (packed transpose)'),
      B,
      2 * H,
      4 * H,
      timeIt(() => K.gemm(B, 2 * H, 4 * H, x.ptr, 4 * H, 1, WTP.ptr, 4 * H * 8, C.ptr, 2 * H, 0), calls * 5),
    )
    const dW = () => {
      K.k.pack_b(BT, 4 * H, DG.ptr, 4 * H, 1, DGP.ptr) // packing counted: dG is new every step
      K.gemm(2 * H, 4 * H, BT, X.ptr, 1, 2 * H, DGP.ptr, BT * 8, C.ptr, 4 * H, 0)
    }
    add(name('Xᵀ·dG over B·T (incl. packing)'), 2 * H, 4 * H, BT, timeIt(dW, 3, 1))
    add(
      name('X·W, M = B·T'),
      BT,
      4 * H,
      2 * H,
      timeIt(() => K.gemm(BT, 4 * H, 2 * H, X.ptr, 2 * H, 1, WP.ptr, 2 * H * 8, C.ptr, 4 * H, 0), 3, 1),
    )
    setKernelThreads(before)
  }
  return out
}
