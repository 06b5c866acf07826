// Whole-sequence BasicLSTMCell layer (D's layers) as one differentiable op computed in the WebAssembly kernel:
// one batched input projection over all T, a recurrent GEMM per step, hand-written BPTT, and the weight
// gradient as one GEMM over B·T at the end (spec §3.2; forget bias +1 added every step).
import * as tf from '@tensorflow/tfjs'
import { customOp, type GradThunks } from '../customOp'
import { FORGET_BIAS } from '../lstmCell'
import type { LayerMemo } from '../../model/reference'
import { getKernel, type Kernel } from './kernel'

/** Floats needed by pack_b for a K×N matrix. */
export const packedSize = (K: number, N: number): number => Math.ceil(N / 8) * 8 * K

/** The kernel, or a clear error when this runtime has no WebAssembly SIMD. */
export function requireKernel(): Kernel {
  const k = getKernel()
  if (!k) throw new Error('the WebAssembly SIMD kernel could not be loaded in this runtime (use impl "tfjs")')
  return k
}

/** A layer forward kept for reuse: host copies of input, weights, output and activations. */
interface LayerRecord {
  weights: [object, object]
  xArr: Float32Array
  W: Float32Array
  hArr: Float32Array
  cache: { acts: Float32Array; c: Float32Array; tc: Float32Array }
}

/**
 * Forwards recorded under a tape, by D-input data (weakly: they go when that tensor's data is collected) and tag.
 * In a simultaneous step D runs twice over the same fake batch with the same masks (once for L_D, once frozen
 * for G's loss); the second pass reuses the first's activations instead of recomputing them (≈ 10 % of a step).
 */
const records = new WeakMap<object, Map<string, LayerRecord>>()

/** Counters for tests and benchmarks: layer forwards computed vs reused from a recorded pass. */
export const lstmSeqKernelStats = { computed: 0, reused: 0 }

/**
 * LSTM over xs: [T, B, I] (time-major), kernel [I + H, 4H], bias [4H] → hs [T, B, H], zero initial state.
 * frozen: the weights get zero gradient without computing it. memo: see {@link LayerMemo}.
 */
export function lstmSeqKernel(
  xs: tf.Tensor3D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  frozen: boolean,
  memo?: LayerMemo,
): tf.Tensor3D {
  return customOp<tf.Tensor3D>({ x: xs, kernel, bias }, (tapeOn) => {
    const K = requireKernel()
    const k = K.k
    const [T, B, I] = xs.shape
    const G4 = bias.shape[0]
    const H = G4 / 4
    const hit = memo && tapeOn ? records.get(memo.key)?.get(memo.tag) : undefined
    if (hit && hit.weights[0] === kernel.dataId && hit.weights[1] === bias.dataId) {
      lstmSeqKernelStats.reused++
      return { value: tf.tensor3d(hit.hArr, [T, B, H]), backward: backwardFor(hit) }
    }
    lstmSeqKernelStats.computed++
    const W = kernel.dataSync() as Float32Array
    const xArr = xs.dataSync() as Float32Array
    K.reset()
    const x = K.from(xArr)
    const w = K.from(W)
    const b = K.from(bias.dataSync())
    const wxP = K.alloc(packedSize(I, G4))
    const whP = K.alloc(packedSize(H, G4))
    k.pack_b(I, G4, w.ptr, G4, 1, wxP.ptr)
    k.pack_b(H, G4, K.at(w, I * G4), G4, 1, whP.ptr)
    const acts = K.alloc(T * B * G4)
    const c = K.alloc(T * B * H)
    const tc = K.alloc(T * B * H)
    const h = K.alloc(T * B * H)
    // Input projection for all steps at once: one GEMM with M = T·B.
    K.gemm(T * B, G4, I, x.ptr, I, 1, wxP.ptr, I * 8, acts.ptr, G4, 0)
    k.add_rows(T * B, G4, acts.ptr, b.ptr)
    for (let t = 0; t < T; t++) {
      const g = K.at(acts, t * B * G4)
      if (t > 0) K.gemm(B, G4, H, K.at(h, (t - 1) * B * H), H, 1, whP.ptr, H * 8, g, G4, 1)
      const cp = t > 0 ? K.at(c, (t - 1) * B * H) : 0
      const o = t * B * H
      k.lstm_fwd(B, H, g, cp, K.at(c, o), K.at(tc, o), K.at(h, o), FORGET_BIAS)
    }
    const hArr = K.copyOut(h)
    const value = tf.tensor3d(hArr, [T, B, H])
    if (!tapeOn) return { value }
    const rec: LayerRecord = {
      weights: [kernel.dataId as object, bias.dataId as object],
      // On the cpu backend these are the tensors' own storage: safe to hold, tfjs never writes data in place.
      xArr,
      W,
      hArr,
      cache: { acts: K.copyOut(acts), c: K.copyOut(c), tc: K.copyOut(tc) },
    }
    if (memo) {
      const m = records.get(memo.key) ?? new Map<string, LayerRecord>()
      m.set(memo.tag, rec)
      records.set(memo.key, m)
    }
    return { value, backward: backwardFor(rec) }

    /** BPTT from a recorded forward; input gradients are lazy thunks (see customOp). */
    function backwardFor(r: LayerRecord) {
      return (dy: tf.Tensor): GradThunks => {
        const { xArr: xa, W: Wr, hArr: ha, cache } = r
        K.reset()
        const gen = K.generation
        const d = K.from(dy.dataSync())
        const a = K.from(cache.acts)
        const cc = K.from(cache.c)
        const tcc = K.from(cache.tc)
        const w2 = K.from(Wr)
        const whT = K.alloc(packedSize(G4, H))
        k.pack_b(G4, H, K.at(w2, I * G4), 1, G4, whT.ptr) // logical Whᵀ: [4H, H]
        const dG = K.alloc(T * B * G4)
        const dc = K.zeros(B * H)
        for (let t = T - 1; t >= 0; t--) {
          const o = t * B * H
          const cp = t > 0 ? K.at(cc, (t - 1) * B * H) : 0
          k.lstm_bwd(B, H, K.at(a, t * B * G4), cp, K.at(tcc, o), K.at(d, o), dc.ptr, K.at(dG, t * B * G4))
          // dL/dh_{t-1} += dG_t · Whᵀ, accumulated straight into the upstream gradient of step t-1.
          if (t > 0) K.gemm(B, H, G4, K.at(dG, t * B * G4), G4, 1, whT.ptr, G4 * 8, K.at(d, o - B * H), H, 1)
        }
        const check = (): void => {
          if (K.generation !== gen)
            throw new Error('lstmSeqKernel: kernel arena reused before gradients were read')
        }
        return {
          x: () => {
            check()
            const wxT = K.alloc(packedSize(G4, I))
            k.pack_b(G4, I, w2.ptr, 1, G4, wxT.ptr)
            const dx = K.alloc(T * B * I)
            K.gemm(T * B, I, G4, dG.ptr, G4, 1, wxT.ptr, G4 * 8, dx.ptr, I, 0)
            return tf.tensor3d(K.copyOut(dx), [T, B, I])
          },
          kernel: () => {
            if (frozen) return tf.zeros([I + H, G4])
            check()
            // Weight gradient as two GEMMs over all B·T rows: [x; h_{t-1}]ᵀ · dG.
            const dGP = K.alloc(packedSize(T * B, G4))
            k.pack_b(T * B, G4, dG.ptr, G4, 1, dGP.ptr)
            const dW = K.zeros((I + H) * G4)
            const xs2 = K.from(xa)
            K.gemm(I, G4, T * B, xs2.ptr, 1, I, dGP.ptr, T * B * 8, dW.ptr, G4, 0)
            if (T > 1) {
              const hh = K.from(ha.subarray(0, (T - 1) * B * H))
              K.gemm(H, G4, (T - 1) * B, hh.ptr, 1, H, K.at(dGP, B * 8), T * B * 8, K.at(dW, I * G4), G4, 0)
            }
            return tf.tensor2d(K.copyOut(dW), [I + H, G4])
          },
          bias: () => {
            if (frozen) return tf.zeros([G4])
            check()
            const db = K.alloc(G4)
            k.col_sum(T * B, G4, dG.ptr, db.ptr, 0)
            return tf.tensor1d(K.copyOut(db))
          },
        }
      }
    }
  })
}
