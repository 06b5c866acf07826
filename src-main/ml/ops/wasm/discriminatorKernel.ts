// D's recurrent part for a whole adversarial step as ONE differentiable op in the WebAssembly kernel (spec §3.2,
// §4.2–4.3): the real and the fake batch pass through both directions' LSTM stacks together (2B rows per GEMM, each
// row with its own dropout masks), and a third block of B rows — the fake again — carries G's loss through D's
// frozen weights in the backward pass without recomputing its forward. The forward and backward directions are
// independent, so each is one program on its own thread (no hand-off per step).
import * as tf from '@tensorflow/tfjs'
import { customOp, type GradThunks } from '../customOp'
import { FORGET_BIAS } from '../lstmCell'
import type { LstmVars } from '../../model/params'
import { KernelProgram, type Buf, type Kernel } from './kernel'
import { packedSize, requireKernel } from './lstmSeqKernel'

/** D's per-pass masks (dMasks' layout): input [T, B, F]; per layer [T, B, H], bw indexed by its own step. */
export interface DMaskSet {
  input: Float32Array
  fw: Float32Array[]
  bw: Float32Array[]
}

/** One direction's forward state, kept in the kernel arena (held) for the backward pass. */
interface DirState {
  rev: boolean
  layers: {
    I: number
    w: Buf
    b: Buf
    x: Buf
    mask: Buf
    acts: Buf
    c: Buf
    tc: Buf
    h: Buf
    hm: Buf
  }[]
}

/** Counter for tests: fused passes run. */
export const discriminatorKernelStats = { passes: 0 }

let holdSeq = 0
let activeHold = 0

/**
 * LSTM stacks of D over real and fake [B, T, F] → features [R, T, 2H] after the output dropout, R = 2B (real rows,
 * then fake rows) or 3B with `withG` (the fake rows again, for G's loss: their gradient flows to `fake` through
 * frozen weights, while rows of the first two blocks give D's weight gradients and none to their inputs).
 * frozenD: D's weights get zero gradient without computing it. One such op per tape: its activations stay in the
 * kernel arena until the next one.
 */
export function discriminatorPairKernel(
  w: { fw: LstmVars[]; bw: LstmVars[] },
  real: tf.Tensor3D,
  fake: tf.Tensor3D,
  masks: { real: DMaskSet; fake: DMaskSet },
  frozenD: boolean,
  withG: boolean,
): tf.Tensor3D {
  const inputs: Record<string, tf.Tensor> = { real, fake }
  w.fw.forEach((v, l) => ((inputs[`fk${l}`] = v.kernel), (inputs[`fb${l}`] = v.bias)))
  w.bw.forEach((v, l) => ((inputs[`bk${l}`] = v.kernel), (inputs[`bb${l}`] = v.bias)))
  return customOp<tf.Tensor3D>(inputs, (tapeOn) => {
    const K = requireKernel()
    const [B, T, F] = real.shape
    const H = w.fw[0].bias.shape[0] / 4
    const [G4, R, L] = [4 * H, 2 * B, w.fw.length]
    const Rb = withG ? 3 * B : R
    discriminatorKernelStats.passes++
    K.release()
    K.reset()
    const xr = real.dataSync()
    const xf = fake.dataSync()
    const out = K.alloc(Rb * T * 2 * H)
    const progs: KernelProgram[] = []
    const dirs: DirState[] = (['fw', 'bw'] as const).map((dir) => {
      const rev = dir === 'bw'
      const p = new KernelProgram()
      progs.push(p)
      const x0 = K.alloc(T * R * F)
      const xv = K.view(x0)
      const [mr, mf] = [masks.real.input, masks.fake.input]
      for (let s = 0; s < T; s++) {
        const t = rev ? T - 1 - s : s
        for (let b = 0; b < B; b++)
          for (let f = 0; f < F; f++) {
            const src = (b * T + t) * F + f
            const m = (t * B + b) * F + f
            xv[(s * R + b) * F + f] = xr[src] * mr[m]
            xv[(s * R + B + b) * F + f] = xf[src] * mf[m]
          }
      }
      let x = x0
      const layers = w[dir].map((v, l) => {
        const I = l === 0 ? F : H
        const wb = K.from(v.kernel.dataSync())
        const bb = K.from(v.bias.dataSync())
        const mask = K.alloc(T * R * H)
        const mv = K.view(mask)
        const [a, c] = [masks.real[dir][l], masks.fake[dir][l]]
        for (let s = 0; s < T; s++) {
          mv.set(a.subarray(s * B * H, (s + 1) * B * H), s * R * H)
          mv.set(c.subarray(s * B * H, (s + 1) * B * H), (s * R + B) * H)
        }
        const st = {
          I,
          w: wb,
          b: bb,
          x,
          mask,
          acts: K.alloc(T * R * G4),
          c: K.alloc(T * R * H),
          tc: K.alloc(T * R * H),
          h: K.alloc(T * R * H),
          hm: K.alloc(T * R * H),
        }
        forwardLayer(K, p, st, T, R, H)
        x = st.hm
        return st
      })
      // Features, batch-major: row r, step t, columns [0, H) forward / [H, 2H) backward direction.
      const top = layers[L - 1].hm
      const off = rev ? H : 0
      for (let s = 0; s < T; s++) {
        const t = rev ? T - 1 - s : s
        p.call('copy_rows', R, H, K.at(top, s * R * H), H, K.at(out, t * 2 * H + off), T * 2 * H)
        if (withG)
          p.call(
            'copy_rows',
            B,
            H,
            K.at(top, (s * R + B) * H),
            H,
            K.at(out, (R * T + t) * 2 * H + off),
            T * 2 * H,
          )
      }
      return { rev, layers }
    })
    K.runParallel(progs)
    const value = tf.tensor3d(K.copyOut(out), [Rb, T, 2 * H])
    if (!tapeOn) return { value }
    K.hold()
    const hold = (activeHold = ++holdSeq)
    return {
      value,
      backward: (dy: tf.Tensor): GradThunks => {
        if (activeHold !== hold || !K.holding)
          throw new Error(
            'discriminatorPairKernel: a second fused D pass ran before this one was differentiated',
          )
        return backwardPair(K, dy, dirs, { B, T, F, H, L, Rb }, masks.fake.input, frozenD, withG)
      },
    }
  })
}

/** Records one layer's forward over all T steps into `p`: input projection, then a GEMM and a cell per step. */
function forwardLayer(
  K: Kernel,
  p: KernelProgram,
  st: DirState['layers'][number],
  T: number,
  R: number,
  H: number,
) {
  const G4 = 4 * H
  const wxP = K.alloc(packedSize(st.I, G4))
  const whP = K.alloc(packedSize(H, G4))
  p.call('pack_b', st.I, G4, st.w.ptr, G4, 1, wxP.ptr)
  p.call('pack_b', H, G4, K.at(st.w, st.I * G4), G4, 1, whP.ptr)
  p.gemm(T * R, G4, st.I, st.x.ptr, st.I, 1, wxP.ptr, st.I * 8, st.acts.ptr, G4, 0)
  p.call('add_rows', T * R, G4, st.acts.ptr, st.b.ptr)
  for (let s = 0; s < T; s++) {
    const g = K.at(st.acts, s * R * G4)
    if (s > 0) p.gemm(R, G4, H, K.at(st.h, (s - 1) * R * H), H, 1, whP.ptr, H * 8, g, G4, 1)
    const cp = s > 0 ? K.at(st.c, (s - 1) * R * H) : 0
    const o = s * R * H
    p.call('lstm_fwd', R, H, g, cp, K.at(st.c, o), K.at(st.tc, o), K.at(st.h, o), FORGET_BIAS)
  }
  p.call('mul', T * R * H, st.h.ptr, st.mask.ptr, st.hm.ptr)
}

interface PairDims {
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
function backwardPair(
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
