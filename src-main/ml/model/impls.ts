// Implementation registry: maps 'reference' | 'tfjs' | 'kernel' to G's unroll and D's whole-sequence LSTM op,
// and picks one for the active backend ('auto').
import * as tf from '@tensorflow/tfjs'
import { generatorRef, type LstmSeqFn } from './reference'
import type { GeneratorOp } from '../ops/generatorOp'
import { getKernel } from '../ops/wasm/kernel'
import { generatorKernel } from '../ops/wasm/generatorKernel'
import { lstmSeqKernel } from '../ops/wasm/lstmSeqKernel'
import { discriminatorPairKernel } from '../ops/wasm/discriminatorKernel'
import { generatorTf } from '../ops/tfjs/generatorTf'
import { lstmSeqTf } from '../ops/tfjs/lstmSeqTf'

/** 'reference': autodiff loops; 'tfjs': hand-written BPTT in tfjs ops; 'kernel': BPTT in the WebAssembly kernel. */
export type ModelImpl = 'reference' | 'tfjs' | 'kernel'

/** What an implementation provides. */
export interface Implementation {
  name: ModelImpl
  /** G unroll: primer/forced prev sequence [B, P, F] or null; masks per layer [T, B, H]. Returns [B, T, F]. */
  generate: GeneratorOp
  /** Whole-sequence LSTM layer for D; undefined = the autodiff reference. */
  lstmSeq?: LstmSeqFn
  /** D's fused step passes (see CrnnGan.discriminateStep); undefined = three separate passes. */
  dPair?: typeof discriminatorPairKernel
}

const reference: Implementation = {
  name: 'reference',
  generate: (g, z, y0, primer, masks, reluDt) => {
    const { y, state } = generatorRef(g, z, y0, primer, masks, undefined, reluDt)
    tf.dispose([...state.h, ...state.c])
    return y
  },
}

const kernel: Implementation = {
  name: 'kernel',
  generate: generatorKernel,
  lstmSeq: lstmSeqKernel,
  dPair: discriminatorPairKernel,
}
const tfjs: Implementation = { name: 'tfjs', generate: generatorTf, lstmSeq: lstmSeqTf }

const registry: Partial<Record<ModelImpl, Implementation>> = { reference, tfjs }
if (getKernel()) registry.kernel = kernel

/** Registers an implementation (done by the ops modules on import). */
export function registerImplementation(name: ModelImpl, impl: Implementation): void {
  registry[name] = impl
}

/** The implementation for `name`; 'auto' = kernel on wasm/cpu when available, else tfjs, else reference. */
export function implementationFor(name: ModelImpl | 'auto'): Implementation {
  if (name !== 'auto') {
    const impl = registry[name]
    if (!impl)
      throw new Error(
        `model implementation '${name}' is not available (registered: ${Object.keys(registry)})`,
      )
    return impl
  }
  const native = tf.getBackend() === 'tensorflow'
  return (!native && registry.kernel) || registry.tfjs || reference
}
