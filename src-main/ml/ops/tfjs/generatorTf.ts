// G's whole unroll (spec §3.1) as one differentiable op in plain tfjs ops with hand-written BPTT through the
// output feedback: the native-TensorFlow path. Same math as ../wasm/generatorKernel.ts; weight gradients are one
// matmul over all B·T rows each.
import * as tf from '@tensorflow/tfjs'
import { customOp, type GradThunks } from '../customOp'
import { generatorInputs, type GeneratorOp } from '../generatorOp'
import { cellBackward, cellForward } from './lstmSeqTf'

/** G unroll in tfjs ops; see {@link GeneratorOp} for the shapes. */
export const generatorTf: GeneratorOp = (w, z, y0, primer, masks, reluDt = false) =>
  customOp<tf.Tensor3D>(generatorInputs(w, z, y0, primer), (tapeOn, save) => {
    const [B, T, Z] = z.shape
    const F = w.outBias.shape[0]
    const H = w.inBias.shape[0]
    const L = w.lstm.length
    const P = primer ? primer.shape[1] : 0
    const zs = tf.unstack(z, 1) as tf.Tensor2D[]
    const ps = primer ? (tf.unstack(primer, 1) as tf.Tensor2D[]) : []
    const ms = masks.map((m) => tf.unstack(tf.tensor3d(m, [T, B, H])) as tf.Tensor2D[])
    const split = w.lstm.map((v) => tf.split(v.kernel, 2, 0) as [tf.Tensor2D, tf.Tensor2D])
    const inps: tf.Tensor2D[] = []
    const as: tf.Tensor2D[] = []
    const st = w.lstm.map(() => ({
      acts: [] as tf.Tensor2D[],
      c: [] as tf.Tensor2D[],
      tc: [] as tf.Tensor2D[],
      h: [] as tf.Tensor2D[],
      hm: [] as tf.Tensor2D[],
    }))
    const ys: tf.Tensor2D[] = []
    // With reluDt: per step a [B, F] mask, 1 where the output passed max(0, ·) unchanged (dt > 0, other features).
    const pos: tf.Tensor2D[] = []
    for (let t = 0; t < T; t++) {
      const prev = t === 0 ? y0 : t <= P ? ps[t - 1] : ys[t - 1]
      inps.push(tf.concat([zs[t], prev], 1))
      let x = tf.relu(tf.add(tf.matMul(inps[t], w.inKernel), w.inBias)) as tf.Tensor2D
      as.push(x)
      for (let l = 0; l < L; l++) {
        const s = st[l]
        let g = tf.add(tf.matMul(x, split[l][0]), w.lstm[l].bias) as tf.Tensor2D
        if (t > 0) g = tf.add(g, tf.matMul(s.h[t - 1], split[l][1]))
        const r = cellForward(g, t > 0 ? s.c[t - 1] : null)
        s.acts.push(r.acts)
        s.c.push(r.c)
        s.tc.push(r.tc)
        s.h.push(r.h)
        x = tf.mul(r.h, ms[l][t])
        s.hm.push(x)
      }
      let yt = tf.add(tf.matMul(x, w.outKernel), w.outBias) as tf.Tensor2D
      if (reluDt) {
        const m = tf.concat([tf.step(tf.slice(yt, [0, 0], [B, 1])), tf.ones([B, F - 1])], 1) as tf.Tensor2D
        pos.push(m)
        yt = tf.mul(yt, m)
      }
      ys.push(yt)
    }
    const value = tf.stack(ys, 1) as tf.Tensor3D
    if (tapeOn) {
      const seq = (xs: tf.Tensor2D[]): tf.Tensor => tf.stack(xs)
      save([
        seq(inps),
        seq(as),
        ...st.flatMap((s) => [seq(s.acts), seq(s.c), seq(s.tc), seq(s.h), seq(s.hm)]),
        w.inKernel,
        ...w.lstm.map((v) => v.kernel),
        w.outKernel,
        ...(reluDt ? [seq(pos)] : []),
      ])
    }
    return {
      value,
      backward: (dy, saved): GradThunks => {
        const [inpS, aS] = saved
        const layer = (l: number) =>
          saved.slice(2 + 5 * l, 7 + 5 * l).map((x) => tf.unstack(x) as tf.Tensor2D[])
        const lay = w.lstm.map((_, l) => layer(l))
        const inKS = saved[2 + 5 * L]
        const kS = saved.slice(3 + 5 * L, 3 + 6 * L)
        const outKS = saved[3 + 6 * L]
        const posS = reluDt ? (tf.unstack(saved[4 + 6 * L]) as tf.Tensor2D[]) : null
        const inKT = tf.transpose(inKS)
        const outKT = tf.transpose(outKS)
        const kT = kS.map((k) => (tf.split(k, 2, 0) as tf.Tensor2D[]).map((x) => tf.transpose(x))) // [Wxᵀ, Whᵀ]
        const a = tf.unstack(aS) as tf.Tensor2D[]
        // The forward's mask tensors were disposed with its scope: rebuild them from the host arrays.
        const mb = masks.map((m) => tf.unstack(tf.tensor3d(m, [T, B, H])) as tf.Tensor2D[])
        const dys = tf.unstack(dy, 1) as tf.Tensor2D[]
        const dYt: tf.Tensor2D[] = new Array(T)
        const dPre: tf.Tensor2D[] = new Array(T)
        const dInp: tf.Tensor2D[] = new Array(T)
        const dG = w.lstm.map(() => new Array<tf.Tensor2D>(T))
        const dhRec: (tf.Tensor2D | null)[] = w.lstm.map(() => null)
        const dc: (tf.Tensor2D | null)[] = w.lstm.map(() => null)
        let dFeed: tf.Tensor2D | null = null
        for (let t = T - 1; t >= 0; t--) {
          dYt[t] = dFeed ? (tf.add(dys[t], dFeed) as tf.Tensor2D) : dys[t]
          if (posS) dYt[t] = tf.mul(dYt[t], posS[t])
          let dhm = tf.matMul(dYt[t], outKT) as tf.Tensor2D
          for (let l = L - 1; l >= 0; l--) {
            const [acts, c, tc] = lay[l]
            let dh = tf.mul(dhm, mb[l][t]) as tf.Tensor2D
            if (dhRec[l]) dh = tf.add(dh, dhRec[l]!)
            const r = cellBackward(acts[t], t > 0 ? c[t - 1] : null, tc[t], dh, dc[l])
            dG[l][t] = r.dG
            dc[l] = r.dcPrev
            dhRec[l] = tf.matMul(r.dG, kT[l][1])
            dhm = tf.matMul(r.dG, kT[l][0])
          }
          dPre[t] = tf.mul(dhm, tf.step(a[t])) as tf.Tensor2D
          dInp[t] = tf.matMul(dPre[t], inKT)
          // prev_t was y_{t-1} on free-running steps: its gradient joins dL/dy_{t-1}.
          dFeed = t >= 1 && t > P ? (tf.slice(dInp[t], [0, Z], [B, F]) as tf.Tensor2D) : null
        }
        const rows = (xs: tf.Tensor) => tf.reshape(xs, [T * B, -1])
        const wgrad = (A: tf.Tensor, D: tf.Tensor2D[]) => tf.matMul(rows(A), rows(tf.stack(D)), true, false)
        const thunks: GradThunks = {
          z: () =>
            tf.stack(
              dInp.map((d) => tf.slice(d, [0, 0], [B, Z])),
              1,
            ),
          y0: () => tf.slice(dInp[0], [0, Z], [B, F]),
          primer: () =>
            tf.stack(
              Array.from({ length: P }, (_, q) =>
                q + 1 < T ? tf.slice(dInp[q + 1], [0, Z], [B, F]) : tf.zeros([B, F]),
              ),
              1,
            ),
          inKernel: () => wgrad(inpS, dPre),
          inBias: () => tf.sum(tf.stack(dPre), [0, 1]),
          outKernel: () => wgrad(saved[6 + 5 * (L - 1)], dYt),
          outBias: () => tf.sum(tf.stack(dYt), [0, 1]),
        }
        w.lstm.forEach((_, l) => {
          thunks[`k${l}`] = () => {
            const xin = l === 0 ? aS : saved[6 + 5 * (l - 1)]
            const h = saved[5 + 5 * l]
            const hPrev = tf.concat([tf.zeros([1, B, H]), tf.slice(h, [0, 0, 0], [T - 1, B, H])])
            return tf.concat([wgrad(xin, dG[l]), wgrad(hPrev, dG[l])], 0)
          }
          thunks[`b${l}`] = () => tf.sum(tf.stack(dG[l]), [0, 1])
        })
        return thunks
      },
    }
  })
