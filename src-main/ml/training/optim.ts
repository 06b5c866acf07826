// One optimizer per network (crnngan-spec §4.3): SGD (paper) or Adam (modern deviation), each clipped separately by
// global norm (5). Gradients are clipped in-graph, without reading the norm back to JS.
import * as tf from '@tensorflow/tfjs'
import type { NamedArray } from '../checkpoints/binary'

/** Scales `grads` so their joint L2 norm is at most `clipNorm` (TF's clip_by_global_norm). Returns new tensors. */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const names = Object.keys(grads)
    const sq = tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))))
    const norm = tf.sqrt(sq)
    // scale = clip / max(norm, clip) keeps small gradients untouched.
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm))
    const out: tf.NamedTensorMap = {}
    for (const n of names) out[n] = tf.mul(grads[n], scale)
    return out
  })
}

const POWER_NAMES = ['__accBeta1', '__accBeta2']

/** Adam's running β₁^t, β₂^t variables (private in tfjs's typings, present at run time). */
function adamPowers(opt: tf.Optimizer): { __accBeta1: tf.Variable; __accBeta2: tf.Variable } {
  const o = opt as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable }
  if (!o.accBeta1 || !o.accBeta2)
    throw new Error('Adam optimizer without accBeta1/accBeta2: unsupported tfjs version')
  return { __accBeta1: o.accBeta1, __accBeta2: o.accBeta2 }
}

/** A network's optimizer with its learning rate and kind. */
export class NetOptimizer {
  readonly kind: 'sgd' | 'adam'
  #lr: number
  #opt: tf.Optimizer

  readonly #beta1: number

  constructor(kind: 'sgd' | 'adam', lr: number, beta1 = 0.9) {
    this.kind = kind
    this.#lr = lr
    this.#beta1 = beta1
    this.#opt = this.#make()
  }

  #make(): tf.Optimizer {
    return this.kind === 'sgd' ? tf.train.sgd(this.#lr) : tf.train.adam(this.#lr, this.#beta1, 0.999, 1e-8)
  }

  get learningRate(): number {
    return this.#lr
  }

  /** Clips `grads` by global norm, then applies them to the variables they are keyed by. Disposes `grads`. */
  apply(grads: tf.NamedTensorMap, clipNorm: number): void {
    const clipped = clipByGlobalNorm(grads, clipNorm)
    tf.dispose(grads)
    this.#opt.applyGradients(clipped)
    tf.dispose(clipped)
  }

  /** Optimizer slots as plain arrays (empty for SGD), names prefixed with `prefix`. */
  async exportState(prefix: string): Promise<NamedArray[]> {
    if (this.kind === 'sgd') return []
    const ws = await this.#opt.getWeights()
    const out: NamedArray[] = []
    for (const w of ws)
      out.push({
        name: `${prefix}${w.name}`,
        shape: w.tensor.shape,
        data: Float32Array.from(await w.tensor.data()),
      })
    // getWeights makes a fresh scalar for the iteration count ('iter'); the moments are the optimizer's own.
    for (const w of ws) if (w.name === 'iter') w.tensor.dispose()
    // tfjs's setWeights recomputes β^t with pow(), which differs in the last bit from the running product: save the
    // exact products so a resumed run takes bit-identical steps.
    for (const [k, v] of Object.entries(adamPowers(this.#opt)))
      out.push({ name: `${prefix}${k}`, shape: [], data: Float32Array.from(await v.data()) })
    return out
  }

  /** Restores slots saved by `exportState` (same prefix); Adam starts afresh when `arrays` has none. */
  async importState(prefix: string, arrays: readonly NamedArray[]): Promise<void> {
    if (this.kind === 'sgd') return
    // tfjs's setWeights replaces Adam's slot variables without disposing the old ones (a rollback leaked every
    // moment tensor): restore into a fresh optimizer.
    this.#opt.dispose()
    this.#opt = this.#make()
    const mine = arrays.filter((a) => a.name.startsWith(prefix))
    if (mine.length === 0) return
    const isPower = (n: string): boolean => POWER_NAMES.includes(n)
    const named = mine
      .filter((a) => !isPower(a.name.slice(prefix.length)))
      .map((a) => ({ name: a.name.slice(prefix.length), tensor: tf.tensor(a.data, [...a.shape]) }))
    await this.#opt.setWeights(named)
    tf.dispose(named.map((n) => n.tensor))
    const powers = adamPowers(this.#opt)
    for (const a of mine) {
      const k = a.name.slice(prefix.length)
      if (isPower(k)) {
        const v = tf.scalar(a.data[0])
        powers[k as keyof typeof powers].assign(v)
        v.dispose()
      }
    }
  }

  /** Replaces the learning rate (NaN rollback halves it); Adam slots are kept. */
  async setLearningRate(lr: number): Promise<void> {
    this.#lr = lr
    // By kind, not `instanceof`: tfjs's optimizer classes answer instanceof by duck typing, and an Adam optimizer
    // passes for an SGDOptimizer (which made every rollback of an Adam run crash).
    if (this.kind === 'sgd') {
      ;(this.#opt as tf.SGDOptimizer).setLearningRate(lr)
      return
    }
    await this.importState('', await this.exportState(''))
  }

  dispose(): void {
    this.#opt.dispose()
  }
}
