// createModel: builds a C-RNN-GAN's variables (seeded) and wires G/D to the chosen implementation
// (autodiff reference, tfjs-ops BPTT, or the WebAssembly kernel BPTT). Spec §3.
import * as tf from '@tensorflow/tfjs'
import { gMasks, dMasks, groupD, groupG, type DVars } from './params'
import { initialValue } from './init'
import { discriminatorWith, dHead, generatorRef, lstmSeqRefFn, type LstmSeqFn } from './reference'
import { stopGradient } from '../ops/lstmCell'
import { parameterCount as countParams, validateSpec, variableShapes } from './spec'
import { checkShape } from './shapes'
import { implementationFor, type ModelImpl } from './impls'
import { musicView, studioLatticeStraightThrough } from './musicView'
import {
  noiseDimOf,
  type CreateModelOptions,
  type CrnnGan,
  type DiscriminatorOutput,
  type ModelSpec,
  type WeightMap,
} from './types'

/** Options of {@link createModel} beyond the seed. */
export interface CreateModelExtra extends CreateModelOptions {
  /** Which implementation runs the math. 'auto' (default): kernel on wasm/cpu, tfjs ops on native backends. */
  impl?: ModelImpl | 'auto'
}

/** Trainable parameter counts for `spec` (spec §3.4). */
export const parameterCount = (spec: ModelSpec): { g: number; d: number } => countParams(spec)

/**
 * Creates a C-RNN-GAN with freshly initialised variables (dense N(0, 1), LSTM kernels Glorot-uniform, biases 0),
 * deterministic for a given seed. The caller owns the model and must `dispose()` it.
 * @example const model = createModel(defaultSpec(1), { seed: 1 })
 */
export function createModel(spec: ModelSpec, opts: CreateModelExtra): CrnnGan {
  validateSpec(spec)
  if (!Number.isFinite(opts.seed))
    throw new Error(`createModel: seed must be a finite number, got ${opts.seed}`)
  const shapes = variableShapes(spec)
  const make = (list: [string, number[]][], offset: number): tf.Variable[] =>
    list.map(([name, shape], i) => {
      const init = tf.tensor(initialValue(name, shape, opts.seed, offset + i), shape)
      const v = tf.variable(init, true, `${name}#${uid()}`)
      init.dispose() // the variable holds its own reference to the data
      return v
    })
  const gVars = make(shapes.g, 0)
  const dVars = make(shapes.d, shapes.g.length)
  const names = [...shapes.g, ...shapes.d].map(([n]) => n)
  const all = [...gVars, ...dVars]
  const F = spec.features
  const Z = noiseDimOf(spec)
  const reluDt = spec.output === 'reluDt'
  // G's emitted cells on the studio lattice (straight-through), when the spec asks for it.
  const lattice = (y: tf.Tensor3D): tf.Tensor3D => {
    if (spec.outputLattice !== 'studio') return y
    const out = studioLatticeStraightThrough(y, spec.tonesPerCell)
    y.dispose()
    return out
  }
  // D's input as D reads it: the cells, or (studio dView) the cells followed by the differentiable music view,
  // dInputWidth(spec) wide, with its gradient factor back to whatever produced x.
  const dInput = (x: tf.Tensor3D): tf.Tensor3D =>
    spec.dView === undefined ? x : musicView(x, spec.tonesPerCell, spec.dViewGrad ?? 1, spec.dView)
  // One separate D pass. The tag lets a frozen pass over the same data and seed reuse the activations of the pass
  // before it; the music view is a pure function of x, so the memo is keyed by x's data (a detached copy shares it).
  const dPass = (
    seq: LstmSeqFn,
    d: DVars,
    x: tf.Tensor3D,
    masks: ReturnType<typeof dMasks>,
    frozen: boolean,
    tag: string,
  ): DiscriminatorOutput =>
    spec.dView === undefined
      ? discriminatorWith(seq, d, x, masks, frozen, tag)
      : tf.tidy(() => discriminatorWith(seq, d, dInput(x), masks, frozen, tag, x.dataId))
  const chosen = opts.impl ?? 'auto'
  const impl = () => implementationFor(chosen)
  let disposed = false
  const alive = (what: string): void => {
    if (disposed) throw new Error(`CrnnGan.${what}: the model was disposed`)
  }

  const model: CrnnGan = {
    spec,
    gVars,
    dVars,
    generate(z, y0, o) {
      alive('generate')
      const [B, T] = checkShape('generate: z', z, [null, null, Z])
      checkShape('generate: y0', y0, [B, F])
      if (o.primer) {
        const [, P] = checkShape('generate: primer', o.primer, [B, null, F])
        if (P < 1 || P > T) throw new Error(`generate: primer length must be in [1, T=${T}], got ${P}`)
      }
      const masks = gMasks(spec, B, T, o.dropout, o.seed)
      return lattice(impl().generate(groupG(gVars, spec.layersG), z, y0, o.primer ?? null, masks, reluDt))
    },
    generateTeacherForced(z, real, y0, o) {
      alive('generateTeacherForced')
      const [B, T] = checkShape('generateTeacherForced: z', z, [null, null, Z])
      checkShape('generateTeacherForced: real', real, [B, T, F])
      checkShape('generateTeacherForced: y0', y0, [B, F])
      const masks = gMasks(spec, B, T, o.dropout, o.seed)
      const g = groupG(gVars, spec.layersG)
      if (!o.carryFreeRunningState) return lattice(impl().generate(g, z, y0, real, masks, reluDt))
      // Author's bug (spec §4.1): start from the free-running pass's final state. Reference path only.
      const free = generatorRef(g, z, y0, null, masks, undefined, reluDt)
      free.y.dispose()
      const forced = generatorRef(g, z, y0, real, masks, free.state, reluDt)
      tf.dispose([...free.state.h, ...free.state.c, ...forced.state.h, ...forced.state.c])
      return forced.y
    },
    discriminate(x, o) {
      alive('discriminate')
      const [B, T] = checkShape('discriminate: x', x, [null, null, F])
      const masks = dMasks(spec, B, T, o.dropout, o.seed)
      const d = groupD(dVars, spec.layersD)
      const seq = impl().lstmSeq ?? lstmSeqRefFn
      return dPass(seq, d, x, masks, o.frozen ?? false, `${o.dropout}:${o.seed}`)
    },
    discriminateStep(real, fake, o) {
      alive('discriminateStep')
      const [B, T] = checkShape('discriminateStep: real', real, [null, null, F])
      checkShape('discriminateStep: fake', fake, [B, T, F])
      const d = groupD(dVars, spec.layersD)
      const mR = dMasks(spec, B, T, o.dropout, o.seedReal)
      const mF = dMasks(spec, B, T, o.dropout, o.seedFake)
      const im = impl()
      if (!im.dPair) {
        // reference / tfjs: the three separate passes, exactly as three discriminate() calls would run them.
        const seq = im.lstmSeq ?? lstmSeqRefFn
        const run = (x: tf.Tensor3D, m: typeof mR, frozen: boolean, seed: number) =>
          dPass(seq, d, x, m, frozen, `${o.dropout}:${seed}`)
        const detached = stopGradient(fake)
        const out = {
          real: run(real, mR, o.frozenD, o.seedReal),
          fake: run(detached, mF, o.frozenD, o.seedFake),
          fakeG: o.withG ? run(fake, mF, true, o.seedFake) : null,
        }
        detached.dispose()
        return out
      }
      const heads = tf.tidy(() => {
        // The fused op is width-agnostic: with a music view it runs on the viewed inputs (dInputWidth wide, the
        // masks' input width), and G's gradient reaches `fake` back through the view's own gradient (× dViewGrad).
        const feats = im.dPair!(d, dInput(real), dInput(fake), { real: mR, fake: mF }, o.frozenD, o.withG)
        const block = (i: number): tf.Tensor3D => tf.slice(feats, [i * B, 0, 0], [B, -1, -1])
        const [outK, outB] = [d.outKernel, d.outBias]
        const head = (i: number, frozen: boolean) =>
          dHead(block(i), frozen ? stopGradient(outK) : outK, frozen ? stopGradient(outB) : outB)
        return [head(0, o.frozenD), head(1, o.frozenD), ...(o.withG ? [head(2, true)] : [])]
      })
      return { real: heads[0], fake: heads[1], fakeG: heads[2] ?? null }
    },
    regLoss() {
      alive('regLoss')
      return tf.tidy(() => tf.mul(0.05, tf.addN(all.map((v) => tf.sum(tf.square(v))))) as tf.Scalar)
    },
    getWeights() {
      alive('getWeights')
      const out: WeightMap = {}
      all.forEach((v, i) => (out[names[i]] = { shape: [...v.shape], data: Float32Array.from(v.dataSync()) }))
      return out
    },
    setWeights(w) {
      alive('setWeights')
      for (const k of Object.keys(w))
        if (!names.includes(k)) throw new Error(`setWeights: unknown weight '${k}' for this spec`)
      all.forEach((v, i) => {
        const e = w[names[i]]
        if (!e) throw new Error(`setWeights: missing weight '${names[i]}'`)
        const n = v.shape.reduce((a, b) => a * b, 1)
        if (e.shape.join(',') !== v.shape.join(',') || e.data.length !== n)
          throw new Error(
            `setWeights: '${names[i]}' has shape [${e.shape}] (${e.data.length} values), expected [${v.shape}]`,
          )
      })
      all.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(w[names[i]].data, v.shape))))
    },
    dispose() {
      if (disposed) return
      disposed = true
      all.forEach((v) => v.dispose())
    },
  }
  return model
}

let counter = 0
/** Variable names must be unique per tfjs engine; several models may coexist. */
const uid = (): number => ++counter
