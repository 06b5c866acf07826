// A minimal full adversarial step for benchmarking (spec §4.2–4.3): G forward, D on real and fake, L_D, summed
// feature-matching L_G + reg, gradients for both networks from ONE forward pass, global-norm clip 5 per network,
// simultaneous SGD (G 0.1, D 0.05). The training engineer's loop is the real one; this is the same work.
import * as tf from '@tensorflow/tfjs'
import { stopGradient } from '../ops/lstmCell'
import { deriveSeed } from '../ops/masks'
import type { CrnnGan } from '../model/types'

/** Step settings (paper defaults). */
export interface StepOptions {
  seed: number
  lrG?: number
  lrD?: number
  clipNorm?: number
}

/** Scales `grads` to global norm ≤ clip and applies v ← v − lr·g. */
function clippedSgd(vars: tf.Variable[], grads: tf.NamedTensorMap, lr: number, clip: number): void {
  tf.tidy(() => {
    const gs = vars.map((v) => grads[v.name])
    const norm = tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g)))))
    const scale = tf.div(clip, tf.maximum(norm, clip))
    vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(tf.mul(scale, lr), gs[i]))))
  })
}

/**
 * One adversarial step on a real batch [B, T, F]. Returns the losses (L_D + reg, L_G(feature matching) + reg).
 * D's weights are frozen in the second pass over the fake batch so each network gets only its own loss's
 * gradient while both come from one tape.
 */
export function adversarialStep(
  model: CrnnGan,
  real: tf.Tensor3D,
  o: StepOptions,
): { lossD: number; lossG: number } {
  const [B, T, F] = real.shape
  const { lrG = 0.1, lrD = 0.05, clipNorm = 5 } = o
  const kept: tf.Scalar[] = []
  const { value, grads } = tf.variableGrads(() => {
    const z = tf.mul(
      tf.randomUniform([B, T, F], 0, 1, 'float32', deriveSeed(o.seed, 1)),
      model.spec.noiseScale,
    )
    const y0 = tf.randomUniform([B, F], 0, 1, 'float32', deriveSeed(o.seed, 2)) as tf.Tensor2D
    const fake = model.generate(z as tf.Tensor3D, y0, { dropout: true, seed: deriveSeed(o.seed, 3) })
    const d = model.discriminateStep(real, fake, {
      dropout: true,
      seedReal: deriveSeed(o.seed, 4),
      seedFake: deriveSeed(o.seed, 5),
      frozenD: false,
      withG: true,
    })
    const [dReal, dFake, dFakeG] = [d.real, d.fake, d.fakeG!]
    const reg = model.regLoss()
    const lossD = tf.mean(
      tf.add(tf.neg(tf.log(dReal.prob)), tf.neg(tf.log(tf.sub(1, dFake.prob)))),
    ) as tf.Scalar
    const lossG = tf.sum(tf.square(tf.sub(stopGradient(dReal.features), dFakeG.features))) as tf.Scalar
    kept.push(tf.keep(tf.add(lossD, reg)), tf.keep(tf.add(lossG, reg)))
    return tf.addN([lossD, lossG, reg]) as tf.Scalar
  }, [...model.gVars, ...model.dVars])
  clippedSgd(model.dVars, grads, lrD, clipNorm)
  clippedSgd(model.gVars, grads, lrG, clipNorm)
  const [lossD, lossG] = kept.map((t) => t.dataSync()[0])
  tf.dispose([value, ...kept, ...Object.values(grads)])
  return { lossD, lossG }
}
