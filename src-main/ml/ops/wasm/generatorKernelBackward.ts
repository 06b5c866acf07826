// Hand-written BPTT of G's unroll in the WebAssembly kernel (the backward half of generatorKernel.ts): walks the
// steps backwards through the LSTM stack and the y_{t-1} → input_t feedback, then forms every weight gradient as
// one GEMM over all B·T rows, lazily per input (see customOp).
import * as tf from '@tensorflow/tfjs'
import type { GradThunks } from '../customOp'
import type { Buf } from './kernel'
import { packedSize, requireKernel } from './lstmSeqKernel'

/** [B, T, N] ↔ [T, B, N] copies (the kernel works time-major so each step is contiguous). */
export function swap01(src: ArrayLike<number>, A: number, Bn: number, N: number): Float32Array {
  const out = new Float32Array(A * Bn * N)
  for (let a = 0; a < A; a++)
    for (let b = 0; b < Bn; b++) {
      const s = (a * Bn + b) * N
      const d = (b * A + a) * N
      for (let n = 0; n < N; n++) out[d + n] = src[s + n]
    }
  return out
}

/** Sizes of one unroll. */
export interface Dims {
  B: number
  T: number
  F: number
  /** Noise values per step. */
  Z: number
  H: number
  L: number
  P: number
}
/** Host copies of the forward activations the backward pass needs. */
export interface GCache {
  inp: Float32Array
  a: Float32Array
  st: { acts: Float32Array; c: Float32Array; tc: Float32Array; h: Float32Array; hm: Float32Array }[]
}

/** BPTT through the unroll, including the y_{t-1} → input_t feedback for free-running steps. */
export function backwardG(
  dy: tf.Tensor,
  { B, T, F, Z, H, L, P }: Dims,
  host: { inK: Float32Array; lk: Float32Array[]; outK: Float32Array },
  masks: Float32Array[],
  cache: GCache,
  relu: Uint8Array | null = null,
): GradThunks {
  const K = requireKernel()
  const k = K.k
  const [G4, F2, BH, TB] = [4 * H, Z + F, B * H, T * B]
  K.reset()
  const gen = K.generation
  const dY = K.from(swap01(dy.dataSync(), B, T, F)) // [T, B, F], accumulates the feedback gradient
  const inKT = K.alloc(packedSize(H, F2))
  k.pack_b(H, F2, K.from(host.inK).ptr, 1, H, inKT.ptr) // inKᵀ: [H, Z + F]
  const outKT = K.alloc(packedSize(F, H))
  k.pack_b(F, H, K.from(host.outK).ptr, 1, F, outKT.ptr) // outKᵀ: [F, H]
  const lw = host.lk.map((kk, l) => {
    // Kᵀ as one operand [4H, 2H]: a single GEMM per step gives [d input | d h_prev] side by side.
    const kT = K.alloc(packedSize(G4, 2 * H))
    k.pack_b(G4, 2 * H, K.from(kk).ptr, 1, G4, kT.ptr)
    const s = cache.st[l]
    return {
      kT,
      mask: K.from(masks[l]),
      acts: K.from(s.acts),
      c: K.from(s.c),
      tc: K.from(s.tc),
      dG: K.alloc(T * B * G4),
      dc: K.zeros(BH),
      dhRec: K.zeros(BH),
    }
  })
  const aB = K.from(cache.a)
  const dPre = K.alloc(TB * H)
  const dInp = K.alloc(TB * F2)
  const dhm = K.alloc(BH)
  const dh = K.alloc(BH)
  const dxh = K.alloc(2 * BH)
  for (let t = T - 1; t >= 0; t--) {
    const o = t * BH
    if (relu) {
      // dY_t now holds the whole gradient w.r.t. the emitted (and fed back) output: through max(0, ·) on dt.
      const yv = K.view(dY, t * B * F, B * F)
      for (let r = 0; r < B; r++) if (!relu[t * B + r]) yv[r * F] = 0
    }
    K.gemm(B, H, F, K.at(dY, t * B * F), F, 1, outKT.ptr, F * 8, dhm.ptr, H, 0)
    for (let l = L - 1; l >= 0; l--) {
      const s = lw[l]
      k.mul(BH, dhm.ptr, K.at(s.mask, o), dh.ptr)
      k.add(BH, s.dhRec.ptr, dh.ptr)
      const dg = K.at(s.dG, t * B * G4)
      k.lstm_bwd(
        B,
        H,
        K.at(s.acts, t * B * G4),
        t > 0 ? K.at(s.c, o - BH) : 0,
        K.at(s.tc, o),
        dh.ptr,
        s.dc.ptr,
        dg,
      )
      K.gemm(B, 2 * H, G4, dg, G4, 1, s.kT.ptr, G4 * 8, dxh.ptr, 2 * H, 0)
      k.copy_rows(B, H, K.at(dxh, H), 2 * H, s.dhRec.ptr, H)
      k.copy_rows(B, H, dxh.ptr, 2 * H, l > 0 ? dhm.ptr : K.at(dPre, o), H)
    }
    k.relu_bwd(BH, K.at(aB, o), K.at(dPre, o))
    const di = K.at(dInp, t * B * F2)
    K.gemm(B, F2, H, K.at(dPre, o), H, 1, inKT.ptr, H * 8, di, F2, 0)
    if (t >= 1 && t > P) {
      // prev_t was y_{t-1}: its gradient joins dL/dy_{t-1}.
      const dv = K.view(dInp, t * B * F2, B * F2)
      const yv = K.view(dY, (t - 1) * B * F, B * F)
      for (let r = 0; r < B; r++) for (let f = 0; f < F; f++) yv[r * F + f] += dv[r * F2 + Z + f]
    }
  }
  const check = (): void => {
    if (K.generation !== gen)
      throw new Error('generatorKernel: kernel arena reused before gradients were read')
  }
  /** Aᵀ·D over rows [r0, TB): A [TB, n] host array, D an arena buffer [TB, m] → [n, m]. */
  const wgrad = (A: Float32Array, n: number, D: Buf, m: number, r0 = 0): Float32Array => {
    const rows = TB - r0
    const out = K.zeros(n * m)
    if (rows > 0) {
      const DP = K.alloc(packedSize(rows, m))
      k.pack_b(rows, m, K.at(D, r0 * m), m, 1, DP.ptr)
      const Ab = K.from(A.subarray(0, rows * n))
      const At = K.alloc(n * rows) // Aᵀ: the GEMM reads its A operand along rows
      k.transpose(rows, n, Ab.ptr, n, At.ptr, rows)
      K.gemm(n, m, rows, At.ptr, rows, 1, DP.ptr, rows * 8, out.ptr, m, 0)
    }
    return K.copyOut(out)
  }
  const colSum = (D: Buf, m: number): tf.Tensor1D => {
    const out = K.alloc(m)
    k.col_sum(TB, m, D.ptr, out.ptr, 0)
    return tf.tensor1d(K.copyOut(out))
  }
  /** Columns [off, off + n) of step t's input gradient, [B, n]. */
  const pick = (t: number, off: number, n: number): Float32Array => {
    const v = K.view(dInp, t * B * F2, B * F2)
    const out = new Float32Array(B * n)
    for (let r = 0; r < B; r++) for (let f = 0; f < n; f++) out[r * n + f] = v[r * F2 + off + f]
    return out
  }
  const thunks: GradThunks = {
    z: () => {
      check()
      const zT = new Float32Array(T * B * Z)
      for (let t = 0; t < T; t++) zT.set(pick(t, 0, Z), t * B * Z)
      return tf.tensor3d(swap01(zT, T, B, Z), [B, T, Z])
    },
    y0: () => (check(), tf.tensor2d(pick(0, Z, F), [B, F])),
    primer: () => {
      check()
      const pT = new Float32Array(P * B * F)
      for (let t = 1; t <= P; t++) if (t < T) pT.set(pick(t, Z, F), (t - 1) * B * F)
      return tf.tensor3d(swap01(pT, P, B, F), [B, P, F])
    },
    inKernel: () => (check(), tf.tensor2d(wgrad(cache.inp, F2, dPre, H), [F2, H])),
    inBias: () => (check(), colSum(dPre, H)),
    outKernel: () => (check(), tf.tensor2d(wgrad(cache.st[L - 1].hm, H, dY, F), [H, F])),
    outBias: () => (check(), colSum(dY, F)),
  }
  lw.forEach((s, l) => {
    thunks[`k${l}`] = () => {
      check()
      const dW = new Float32Array(2 * H * G4)
      dW.set(wgrad(l === 0 ? cache.a : cache.st[l - 1].hm, H, s.dG, G4), 0)
      // Recurrent half: h_{t-1} pairs with dG_t, i.e. rows shifted by one step (B rows).
      const hPrev = cache.st[l].h
      const recur = K.zeros(H * G4)
      if (T > 1) {
        const DP = K.alloc(packedSize(TB - B, G4))
        k.pack_b(TB - B, G4, K.at(s.dG, B * G4), G4, 1, DP.ptr)
        const Ab = K.from(hPrev.subarray(0, (TB - B) * H))
        const At = K.alloc(H * (TB - B))
        k.transpose(TB - B, H, Ab.ptr, H, At.ptr, TB - B)
        K.gemm(H, G4, TB - B, At.ptr, TB - B, 1, DP.ptr, (TB - B) * 8, recur.ptr, G4, 0)
      }
      dW.set(K.view(recur), H * G4)
      return tf.tensor2d(dW, [2 * H, G4])
    }
    thunks[`b${l}`] = () => (check(), colSum(s.dG, G4))
  })
  return thunks
}
