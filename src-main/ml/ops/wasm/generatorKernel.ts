// G's whole free-running / teacher-forced unroll (spec §3.1) as ONE differentiable op in the WebAssembly kernel:
// dense+ReLU → LSTM stack with output dropout → linear, fed back step by step; hand-written BPTT through the
// feedback, with every weight gradient computed as one GEMM over all B·T rows at the end.
import * as tf from '@tensorflow/tfjs'
import { customOp } from '../customOp'
import { generatorInputs, type GeneratorOp } from '../generatorOp'
import { FORGET_BIAS } from '../lstmCell'
import { backwardG, swap01 } from './generatorKernelBackward'
import { packedSize, requireKernel } from './lstmSeqKernel'

/** G unroll in the wasm kernel; see {@link GeneratorOp} for the shapes. */
export const generatorKernel: GeneratorOp = (w, z, y0, primer, masks, reluDt = false) =>
  customOp<tf.Tensor3D>(generatorInputs(w, z, y0, primer), (tapeOn) => {
    const K = requireKernel()
    const k = K.k
    const [B, T, Z] = z.shape
    const F = w.outBias.shape[0]
    const H = w.inBias.shape[0]
    const [G4, F2, L, BH] = [4 * H, Z + F, w.lstm.length, B * H]
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
          // The whole [2H, 4H] kernel as one packed operand: one GEMM per step over [x; h] (K = 2H) halves the
          // GEMM calls (and thread hand-offs) against separate input and recurrent products.
          const wp = K.alloc(packedSize(2 * H, G4))
          k.pack_b(2 * H, G4, K.from(v.kernel.dataSync()).ptr, G4, 1, wp.ptr)
          bufs.push(wp, K.from(v.bias.dataSync()))
        }
        const outKP = K.alloc(packedSize(H, F))
        k.pack_b(H, F, K.from(w.outKernel.dataSync()).ptr, F, 1, outKP.ptr)
        bufs.push(outKP, K.from(w.outBias.dataSync()))
        return bufs
      },
    )
    const [inKP, inB] = pinned
    const lw = w.lstm.map((_, l) => {
      const [wp, b] = pinned.slice(2 + 2 * l, 4 + 2 * l)
      return { wp, b, mask: K.from(masks[l]), xh: K.zeros(B * 2 * H) }
    })
    const [outKP, outB] = pinned.slice(2 + 2 * L)
    const zT = swap01(z.dataSync(), B, T, Z)
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
    const relu = reluDt ? new Uint8Array(T * B) : null
    for (let t = 0; t < T; t++) {
      // Step input [z_t; prev_t], built on the JS side (Z + F floats per row).
      const iv = K.view(inp, t * B * F2, B * F2)
      const prev =
        t === 0 ? y0a : t <= P ? prT!.subarray((t - 1) * B * F, t * B * F) : K.view(y, (t - 1) * B * F, B * F)
      for (let r = 0; r < B; r++) {
        for (let f = 0; f < Z; f++) iv[r * F2 + f] = zT[(t * B + r) * Z + f]
        for (let f = 0; f < F; f++) iv[r * F2 + Z + f] = prev[r * F + f]
      }
      const at = K.at(a, t * BH)
      K.gemm(B, H, F2, K.at(inp, t * B * F2), F2, 1, inKP.ptr, F2 * 8, at, H, 0)
      k.add_rows(B, H, at, inB.ptr)
      k.relu(BH, at)
      let xin = at
      for (let l = 0; l < L; l++) {
        const s = st[l]
        const g = K.at(s.acts, t * B * G4)
        const xh = lw[l].xh
        k.copy_rows(B, H, xin, H, xh.ptr, 2 * H)
        if (t > 0) k.copy_rows(B, H, K.at(s.h, (t - 1) * BH), H, K.at(xh, H), 2 * H) // else stays zero
        K.gemm(B, G4, 2 * H, xh.ptr, 2 * H, 1, lw[l].wp.ptr, 2 * H * 8, g, G4, 0)
        k.add_rows(B, G4, g, lw[l].b.ptr)
        const o = t * BH
        k.lstm_fwd(
          B,
          H,
          g,
          t > 0 ? K.at(s.c, o - BH) : 0,
          K.at(s.c, o),
          K.at(s.tc, o),
          K.at(s.h, o),
          FORGET_BIAS,
        )
        k.mul(BH, K.at(s.h, o), K.at(lw[l].mask, o), K.at(s.hm, o))
        xin = K.at(s.hm, o)
      }
      K.gemm(B, F, H, xin, H, 1, outKP.ptr, H * 8, K.at(y, t * B * F), F, 0)
      k.add_rows(B, F, K.at(y, t * B * F), outB.ptr)
      if (relu) {
        // dt = max(0, ·) before it is emitted and fed back; the backward pass needs where it was positive.
        const yt = K.view(y, t * B * F, B * F)
        for (let r = 0; r < B; r++) {
          const pos = yt[r * F] > 0
          relu[t * B + r] = pos ? 1 : 0
          if (!pos) yt[r * F] = 0
        }
      }
    }
    const value = tf.tensor3d(swap01(K.view(y), T, B, F), [B, T, F])
    if (!tapeOn) return { value }
    const cache = {
      inp: K.copyOut(inp),
      a: K.copyOut(a),
      st: st.map((s) => ({
        acts: K.copyOut(s.acts),
        c: K.copyOut(s.c),
        tc: K.copyOut(s.tc),
        h: K.copyOut(s.h),
        hm: K.copyOut(s.hm),
      })),
    }
    // The backward pass needs the unpacked weights (to pack their transposes); read them only when training.
    const host = {
      inK: w.inKernel.dataSync() as Float32Array,
      lk: w.lstm.map((v) => v.kernel.dataSync() as Float32Array),
      outK: w.outKernel.dataSync() as Float32Array,
    }
    return { value, backward: (dy) => backwardG(dy, { B, T, F, Z, H, L, P }, host, masks, cache, relu) }
  })
