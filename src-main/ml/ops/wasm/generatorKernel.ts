// G's whole free-running / teacher-forced unroll (spec §3.1) as ONE differentiable op in the WebAssembly kernel:
// dense+ReLU → LSTM stack with output dropout → linear, fed back step by step; hand-written BPTT through the
// feedback, with every weight gradient computed as one GEMM over all B·T rows at the end.
import * as tf from '@tensorflow/tfjs'
import { customOp, type GradThunks } from '../customOp'
import { FORGET_BIAS } from '../lstmCell'
import type { Buf } from './kernel'
import { packedSize, requireKernel } from './lstmSeqKernel'

/** G's weights as tensors: inKernel [2F, H], lstm kernels [2H, 4H], outKernel [H, F]. */
export interface GWeights {
  inKernel: tf.Tensor2D
  inBias: tf.Tensor1D
  lstm: { kernel: tf.Tensor2D; bias: tf.Tensor1D }[]
  outKernel: tf.Tensor2D
  outBias: tf.Tensor1D
}

/** [B, T, N] ↔ [T, B, N] copies (the kernel works time-major so each step is contiguous). */
function swap01(src: ArrayLike<number>, A: number, Bn: number, N: number): Float32Array {
  const out = new Float32Array(A * Bn * N)
  for (let a = 0; a < A; a++)
    for (let b = 0; b < Bn; b++) {
      const s = (a * Bn + b) * N
      const d = (b * A + a) * N
      for (let n = 0; n < N; n++) out[d + n] = src[s + n]
    }
  return out
}

/**
 * G unroll. z: [B, T, F]; y0: [B, F]; primer: [B, P, F] or null (prev_t = primer_{t-1} for 1 ≤ t ≤ P);
 * masks: per layer [T, B, H]. Returns y: [B, T, F].
 */
export function generatorKernel(
  w: GWeights,
  z: tf.Tensor3D,
  y0: tf.Tensor2D,
  primer: tf.Tensor3D | null,
  masks: Float32Array[],
): tf.Tensor3D {
  const inputs: Record<string, tf.Tensor> = { z, y0, inKernel: w.inKernel, inBias: w.inBias }
  w.lstm.forEach((v, l) => ((inputs[`k${l}`] = v.kernel), (inputs[`b${l}`] = v.bias)))
  inputs.outKernel = w.outKernel
  inputs.outBias = w.outBias
  if (primer) inputs.primer = primer
  return customOp<tf.Tensor3D>(inputs, (tapeOn) => {
    const K = requireKernel()
    const k = K.k
    const [B, T, F] = z.shape
    const H = w.inBias.shape[0]
    const [G4, F2, L, BH] = [4 * H, 2 * F, w.lstm.length, B * H]
    const P = primer ? primer.shape[1] : 0
    K.reset()
    // Packed weights are pinned across calls keyed by the weight tensors' data: repeated sampling with unchanged
    // weights skips reading and repacking ~2M floats per call.
    const wts = [w.inKernel, w.inBias, ...w.lstm.flatMap((v) => [v.kernel, v.bias]), w.outKernel, w.outBias]
    const pinned = K.pinnedBuffers(
      wts.map((t) => t.dataId as object),
      () => {
        const inKP = K.alloc(packedSize(F2, H))
        k.pack_b(F2, H, K.from(w.inKernel.dataSync()).ptr, H, 1, inKP.ptr)
        const bufs = [inKP, K.from(w.inBias.dataSync())]
        for (const v of w.lstm) {
          const kk = K.from(v.kernel.dataSync())
          const wx = K.alloc(packedSize(H, G4))
          const wh = K.alloc(packedSize(H, G4))
          k.pack_b(H, G4, kk.ptr, G4, 1, wx.ptr)
          k.pack_b(H, G4, K.at(kk, H * G4), G4, 1, wh.ptr)
          bufs.push(wx, wh, K.from(v.bias.dataSync()))
        }
        const outKP = K.alloc(packedSize(H, F))
        k.pack_b(H, F, K.from(w.outKernel.dataSync()).ptr, F, 1, outKP.ptr)
        bufs.push(outKP, K.from(w.outBias.dataSync()))
        return bufs
      },
    )
    const [inKP, inB] = pinned
    const lw = w.lstm.map((_, l) => {
      const [wx, wh, b] = pinned.slice(2 + 3 * l, 5 + 3 * l)
      return { wx, wh, b, mask: K.from(masks[l]) }
    })
    const [outKP, outB] = pinned.slice(2 + 3 * L)
    const zT = swap01(z.dataSync(), B, T, F)
    const prT = primer ? swap01(primer.dataSync(), B, P, F) : null
    const y0a = y0.dataSync()
    const inp = K.alloc(T * B * F2)
    const a = K.alloc(T * BH)
    const st = w.lstm.map(() => ({
      acts: K.alloc(T * B * G4),
      c: K.alloc(T * BH),
      tc: K.alloc(T * BH),
      h: K.alloc(T * BH),
      hm: K.alloc(T * BH),
    }))
    const y = K.alloc(T * B * F)
    for (let t = 0; t < T; t++) {
      // Step input [z_t; prev_t], built on the JS side (2F floats per row).
      const iv = K.view(inp, t * B * F2, B * F2)
      const prev = t === 0 ? y0a : t <= P ? prT!.subarray((t - 1) * B * F, t * B * F) : K.view(y, (t - 1) * B * F, B * F)
      for (let r = 0; r < B; r++)
        for (let f = 0; f < F; f++) {
          iv[r * F2 + f] = zT[(t * B + r) * F + f]
          iv[r * F2 + F + f] = prev[r * F + f]
        }
      const at = K.at(a, t * BH)
      K.gemm(B, H, F2, K.at(inp, t * B * F2), F2, 1, inKP.ptr, F2 * 8, at, H, 0)
      k.add_rows(B, H, at, inB.ptr)
      k.relu(BH, at)
      let xin = at
      for (let l = 0; l < L; l++) {
        const s = st[l]
        const g = K.at(s.acts, t * B * G4)
        K.gemm(B, G4, H, xin, H, 1, lw[l].wx.ptr, H * 8, g, G4, 0)
        k.add_rows(B, G4, g, lw[l].b.ptr)
        if (t > 0) K.gemm(B, G4, H, K.at(s.h, (t - 1) * BH), H, 1, lw[l].wh.ptr, H * 8, g, G4, 1)
        const o = t * BH
        k.lstm_fwd(B, H, g, t > 0 ? K.at(s.c, o - BH) : 0, K.at(s.c, o), K.at(s.tc, o), K.at(s.h, o), FORGET_BIAS)
        k.mul(BH, K.at(s.h, o), K.at(lw[l].mask, o), K.at(s.hm, o))
        xin = K.at(s.hm, o)
      }
      K.gemm(B, F, H, xin, H, 1, outKP.ptr, H * 8, K.at(y, t * B * F), F, 0)
      k.add_rows(B, F, K.at(y, t * B * F), outB.ptr)
    }
    const value = tf.tensor3d(swap01(K.view(y), T, B, F), [B, T, F])
    if (!tapeOn) return { value }
    const cache = {
      inp: K.copyOut(inp),
      a: K.copyOut(a),
      st: st.map((s) => ({ acts: K.copyOut(s.acts), c: K.copyOut(s.c), tc: K.copyOut(s.tc), h: K.copyOut(s.h), hm: K.copyOut(s.hm) })),
    }
    // The backward pass needs the unpacked weights (to pack their transposes); read them only when training.
    const host = {
      inK: w.inKernel.dataSync() as Float32Array,
      lk: w.lstm.map((v) => v.kernel.dataSync() as Float32Array),
      outK: w.outKernel.dataSync() as Float32Array,
    }
    return { value, backward: (dy) => backwardG(dy, { B, T, F, H, L, P }, host, masks, cache) }
  })
}

interface Dims {
  B: number
  T: number
  F: number
  H: number
  L: number
  P: number
}
interface GCache {
  inp: Float32Array
  a: Float32Array
  st: { acts: Float32Array; c: Float32Array; tc: Float32Array; h: Float32Array; hm: Float32Array }[]
}

/** BPTT through the unroll, including the y_{t-1} → input_t feedback for free-running steps. */
function backwardG(
  dy: tf.Tensor,
  { B, T, F, H, L, P }: Dims,
  host: { inK: Float32Array; lk: Float32Array[]; outK: Float32Array },
  masks: Float32Array[],
  cache: GCache,
): GradThunks {
  const K = requireKernel()
  const k = K.k
  const [G4, F2, BH, TB] = [4 * H, 2 * F, B * H, T * B]
  K.reset()
  const gen = K.generation
  const dY = K.from(swap01(dy.dataSync(), B, T, F)) // [T, B, F], accumulates the feedback gradient
  const inKT = K.alloc(packedSize(H, F2))
  k.pack_b(H, F2, K.from(host.inK).ptr, 1, H, inKT.ptr) // inKᵀ: [H, 2F]
  const outKT = K.alloc(packedSize(F, H))
  k.pack_b(F, H, K.from(host.outK).ptr, 1, F, outKT.ptr) // outKᵀ: [F, H]
  const lw = host.lk.map((kk, l) => {
    const kb = K.from(kk)
    const wxT = K.alloc(packedSize(G4, H))
    const whT = K.alloc(packedSize(G4, H))
    k.pack_b(G4, H, kb.ptr, 1, G4, wxT.ptr)
    k.pack_b(G4, H, K.at(kb, H * G4), 1, G4, whT.ptr)
    const s = cache.st[l]
    return {
      wxT,
      whT,
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
  for (let t = T - 1; t >= 0; t--) {
    const o = t * BH
    K.gemm(B, H, F, K.at(dY, t * B * F), F, 1, outKT.ptr, F * 8, dhm.ptr, H, 0)
    for (let l = L - 1; l >= 0; l--) {
      const s = lw[l]
      k.mul(BH, dhm.ptr, K.at(s.mask, o), dh.ptr)
      k.add(BH, s.dhRec.ptr, dh.ptr)
      const dg = K.at(s.dG, t * B * G4)
      k.lstm_bwd(B, H, K.at(s.acts, t * B * G4), t > 0 ? K.at(s.c, o - BH) : 0, K.at(s.tc, o), dh.ptr, s.dc.ptr, dg)
      K.gemm(B, H, G4, dg, G4, 1, s.whT.ptr, G4 * 8, s.dhRec.ptr, H, 0)
      K.gemm(B, H, G4, dg, G4, 1, s.wxT.ptr, G4 * 8, l > 0 ? dhm.ptr : K.at(dPre, o), H, 0)
    }
    k.relu_bwd(BH, K.at(aB, o), K.at(dPre, o))
    const di = K.at(dInp, t * B * F2)
    K.gemm(B, F2, H, K.at(dPre, o), H, 1, inKT.ptr, H * 8, di, F2, 0)
    if (t >= 1 && t > P) {
      // prev_t was y_{t-1}: its gradient joins dL/dy_{t-1}.
      const dv = K.view(dInp, t * B * F2, B * F2)
      const yv = K.view(dY, (t - 1) * B * F, B * F)
      for (let r = 0; r < B; r++) for (let f = 0; f < F; f++) yv[r * F + f] += dv[r * F2 + F + f]
    }
  }
  const check = (): void => {
    if (K.generation !== gen) throw new Error('generatorKernel: kernel arena reused before gradients were read')
  }
  /** Aᵀ·D over rows [r0, TB): A [TB, n] host array, D an arena buffer [TB, m] → [n, m]. */
  const wgrad = (A: Float32Array, n: number, D: Buf, m: number, r0 = 0): Float32Array => {
    const rows = TB - r0
    const out = K.zeros(n * m)
    if (rows > 0) {
      const DP = K.alloc(packedSize(rows, m))
      k.pack_b(rows, m, K.at(D, r0 * m), m, 1, DP.ptr)
      const Ab = K.from(A.subarray(0, rows * n))
      K.gemm(n, m, rows, Ab.ptr, 1, n, DP.ptr, rows * 8, out.ptr, m, 0)
    }
    return K.copyOut(out)
  }
  const colSum = (D: Buf, m: number): tf.Tensor1D => {
    const out = K.alloc(m)
    k.col_sum(TB, m, D.ptr, out.ptr, 0)
    return tf.tensor1d(K.copyOut(out))
  }
  const pick = (t: number, off: number): Float32Array => {
    const v = K.view(dInp, t * B * F2, B * F2)
    const out = new Float32Array(B * F)
    for (let r = 0; r < B; r++) for (let f = 0; f < F; f++) out[r * F + f] = v[r * F2 + off + f]
    return out
  }
  const thunks: GradThunks = {
    z: () => {
      check()
      const zT = new Float32Array(T * B * F)
      for (let t = 0; t < T; t++) zT.set(pick(t, 0), t * B * F)
      return tf.tensor3d(swap01(zT, T, B, F), [B, T, F])
    },
    y0: () => (check(), tf.tensor2d(pick(0, F), [B, F])),
    primer: () => {
      check()
      const pT = new Float32Array(P * B * F)
      for (let t = 1; t <= P; t++) if (t < T) pT.set(pick(t, F), (t - 1) * B * F)
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
        K.gemm(H, G4, TB - B, Ab.ptr, 1, H, DP.ptr, (TB - B) * 8, recur.ptr, G4, 0)
      }
      dW.set(K.view(recur), H * G4)
      return tf.tensor2d(dW, [2 * H, G4])
    }
    thunks[`b${l}`] = () => (check(), colSum(s.dG, G4))
  })
  return thunks
}
