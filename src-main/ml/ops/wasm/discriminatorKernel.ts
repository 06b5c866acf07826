// D's recurrent part for a whole adversarial step as ONE differentiable op in the WebAssembly kernel (spec §3.2,
// §4.2–4.3): the real and the fake batch pass through both directions' LSTM stacks together (2B rows per GEMM, each
// row with its own dropout masks), and a third block of B rows — the fake again — carries G's loss through D's
// frozen weights in the backward pass without recomputing its forward. The forward and backward directions are
// independent, so each is one program on its own thread (no hand-off per step).
import * as tf from '@tensorflow/tfjs'
import { customOp, type GradThunks } from '../customOp'
import { backwardPair } from './discriminatorKernelBackward'
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
export interface DirState {
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
