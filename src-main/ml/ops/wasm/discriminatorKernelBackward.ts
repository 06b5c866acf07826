// Hand-written BPTT of the fused D pass (the backward half of discriminatorKernel.ts): both directions as programs
// on two threads; D's weight gradients from the real and fake rows, G's input gradient from the G rows.
import * as tf from '@tensorflow/tfjs'
import type { GradThunks } from '../customOp'
import type { DirState } from './discriminatorKernel'
import { KernelProgram, type Buf, type Kernel } from './kernel'
import { packedSize } from './lstmSeqKernel'

/** Sizes of a fused pass: Rb = rows of the backward pass (2B, or 3B with G's rows). */
export interface PairDims {
  B: number
  T: number
  F: number
  H: number
  L: number
  Rb: number
}

/**
 * BPTT of both directions (one program each) over the backward rows [r0, r1): real and fake rows when D trains,
 * the G rows when G trains. G rows read the fake rows' activations. D's weight gradients are formed from the
 * real and fake rows only, G's input gradient from the G rows only.
 */
export function backwardPair(
  K: Kernel,
  dy: tf.Tensor,
  dirs: DirState[],
  { B, T, F, H, L, Rb }: PairDims,
  fakeInputMask: Float32Array,
  frozenD: boolean,
  withG: boolean,
): GradThunks {
  const [G4, R] = [4 * H, 2 * B]
  const r0 = frozenD ? R : 0
  const r1 = withG ? Rb : R
  K.reset()
  const gen = K.generation
  const dyb = K.from(dy.dataSync())
  const progs: KernelProgram[] = []
  const res = dirs.map(({ rev, layers }) => {
    const p = new KernelProgram()
    progs.push(p)
    const off = rev ? H : 0
    const dh = layers.map(() => K.alloc(T * Rb * H))
    const grads: { dW: Buf; db: Buf }[] = []
    // Masked upstream gradient of the top layer, per step; rows past 2B use the fake rows' masks.
    const maskRows = (buf: Buf, mask: Buf, s: number): void => {
      const [a, b] = [Math.max(r0, 0), Math.min(r1, R)]
      if (b > a)
        p.call(
          'mul',
          (b - a) * H,
          K.at(buf, (s * Rb + a) * H),
          K.at(mask, (s * R + a) * H),
          K.at(buf, (s * Rb + a) * H),
        )
      if (r1 > R)
        p.call(
          'mul',
          B * H,
          K.at(buf, (s * Rb + R) * H),
          K.at(mask, (s * R + B) * H),
          K.at(buf, (s * Rb + R) * H),
        )
    }
    const top = dh[L - 1]
    for (let s = 0; s < T; s++) {
      const t = rev ? T - 1 - s : s
      p.call(
        'copy_rows',
        r1 - r0,
        H,
        K.at(dyb, (r0 * T + t) * 2 * H + off),
        T * 2 * H,
        K.at(top, (s * Rb + r0) * H),
        H,
      )
      maskRows(top, layers[L - 1].mask, s)
    }
    let dx: Buf | null = null
    for (let l = L - 1; l >= 0; l--) {
      const st = layers[l]
      const n = r1 - r0
      const dG = K.alloc(T * Rb * G4)
      const dc = K.zeros(Rb * H)
      const whT = K.alloc(packedSize(G4, H))
      p.call('pack_b', G4, H, K.at(st.w, st.I * G4), 1, G4, whT.ptr) // Whᵀ [4H, H]
      for (let s = T - 1; s >= 0; s--) {
        cellBackward(K, p, st, dh[l], dc, dG, s, { B, R, Rb, H, r0, r1 })
        if (s > 0)
          p.gemm(
            n,
            H,
            G4,
            K.at(dG, (s * Rb + r0) * G4),
            G4,
            1,
            whT.ptr,
            G4 * 8,
            K.at(dh[l], ((s - 1) * Rb + r0) * H),
            H,
            1,
          )
      }
      const needDx = l > 0 || withG
      const wxT = needDx ? K.alloc(packedSize(G4, st.I)) : null
      if (wxT) p.call('pack_b', G4, st.I, st.w.ptr, 1, G4, wxT.ptr) // Wxᵀ [4H, I]
      if (l > 0) {
        // dL/d(input) = dG·Wxᵀ, straight into the layer below's upstream gradient, then its dropout mask.
        const below = dh[l - 1]
        if (n === Rb) p.gemm(T * Rb, H, G4, dG.ptr, G4, 1, wxT!.ptr, G4 * 8, below.ptr, H, 0)
        else
          for (let s = 0; s < T; s++)
            p.gemm(
              n,
              H,
              G4,
              K.at(dG, (s * Rb + r0) * G4),
              G4,
              1,
              wxT!.ptr,
              G4 * 8,
              K.at(below, (s * Rb + r0) * H),
              H,
              0,
            )
        for (let s = 0; s < T; s++) maskRows(below, layers[l - 1].mask, s)
      } else if (withG) {
        dx = K.alloc(T * B * F)
        for (let s = 0; s < T; s++)
          p.gemm(B, F, G4, K.at(dG, (s * Rb + R) * G4), G4, 1, wxT!.ptr, G4 * 8, K.at(dx, s * B * F), F, 0)
      }
      if (!frozenD) grads[l] = weightGrads(K, p, st, dG, { T, R, Rb, H })
    }
    return { rev, dx, grads }
  })
  K.runParallel(progs)
  const check = (): void => {
    if (K.generation !== gen)
      throw new Error('discriminatorPairKernel: kernel arena reused before gradients were read')
  }
  const thunks: GradThunks = {
    real: () => tf.zeros([B, T, F]),
    fake: () => {
      check()
      const out = new Float32Array(B * T * F)
      if (withG) {
        const [fw, bw] = res.map((r) => K.view(r.dx!))
        for (let t = 0; t < T; t++)
          for (let b = 0; b < B; b++)
            for (let f = 0; f < F; f++) {
              const m = (t * B + b) * F + f
              const sum = fw[m] + bw[((T - 1 - t) * B + b) * F + f]
              out[(b * T + t) * F + f] = sum * fakeInputMask[m]
            }
      }
      return tf.tensor3d(out, [B, T, F])
    },
  }
  res.forEach(({ rev, grads }, d) => {
    const [kk, kb] = rev ? ['bk', 'bb'] : ['fk', 'fb']
    for (let l = 0; l < L; l++) {
      const I = dirs[d].layers[l].I
      thunks[`${kk}${l}`] = () => {
        if (frozenD) return tf.zeros([I + H, G4])
        check()
        return tf.tensor2d(K.copyOut(grads[l].dW), [I + H, G4])
      }
      thunks[`${kb}${l}`] = () => {
        if (frozenD) return tf.zeros([G4])
        check()
        return tf.tensor1d(K.copyOut(grads[l].db))
      }
    }
  })
  return thunks
}

/** Cell backward of step s for rows [r0, r1): rows < 2B read their own activations, G rows the fake rows'. */
function cellBackward(
  K: Kernel,
  p: KernelProgram,
  st: DirState['layers'][number],
  dh: Buf,
  dc: Buf,
  dG: Buf,
  s: number,
  { B, R, Rb, H, r0, r1 }: { B: number; R: number; Rb: number; H: number; r0: number; r1: number },
): void {
  const G4 = 4 * H
  const part = (from: number, to: number, actRow: number): void => {
    if (to <= from) return
    const cp = s > 0 ? K.at(st.c, ((s - 1) * R + actRow) * H) : 0
    p.call(
      'lstm_bwd',
      to - from,
      H,
      K.at(st.acts, (s * R + actRow) * G4),
      cp,
      K.at(st.tc, (s * R + actRow) * H),
      K.at(dh, (s * Rb + from) * H),
      K.at(dc, from * H),
      K.at(dG, (s * Rb + from) * G4),
    )
  }
  part(r0, Math.min(r1, R), r0)
  part(Math.max(r0, R), r1, B)
}

/** D's weight gradient of one layer from the real and fake rows: [x; h_{t-1}]ᵀ·dG over T·2B rows, and Σ dG. */
function weightGrads(
  K: Kernel,
  p: KernelProgram,
  st: DirState['layers'][number],
  dG: Buf,
  { T, R, Rb, H }: { T: number; R: number; Rb: number; H: number },
): { dW: Buf; db: Buf } {
  const G4 = 4 * H
  const ps = T * R * 8
  const dGP = K.alloc(packedSize(T * R, G4))
  for (let s = 0; s < T; s++) p.call('pack_rows', R, G4, K.at(dG, s * Rb * G4), G4, K.at(dGP, s * R * 8), ps)
  const dW = T > 1 ? K.alloc((st.I + H) * G4) : K.zeros((st.I + H) * G4) // T = 1: no recurrent half
  // Xᵀ and h_{s-1}ᵀ transposed first, so the GEMMs read their A operand along rows.
  const xT = K.alloc(st.I * T * R)
  p.call('transpose', T * R, st.I, st.x.ptr, st.I, xT.ptr, T * R)
  p.gemm(st.I, G4, T * R, xT.ptr, T * R, 1, dGP.ptr, ps, dW.ptr, G4, 0)
  // Recurrent half: h_{s-1} pairs with dG_s, i.e. packed rows shifted by one step (R rows).
  if (T > 1) {
    const n = (T - 1) * R
    const hT = K.alloc(H * n)
    p.call('transpose', n, H, st.h.ptr, H, hT.ptr, n)
    p.gemm(H, G4, n, hT.ptr, n, 1, K.at(dGP, R * 8), ps, K.at(dW, st.I * G4), G4, 0)
  }
  const db = K.alloc(G4)
  for (let s = 0; s < T; s++) p.call('col_sum', R, G4, K.at(dG, s * Rb * G4), db.ptr, s > 0 ? 1 : 0)
  return { dW, db }
}
