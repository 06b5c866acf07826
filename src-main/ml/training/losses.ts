// C-RNN-GAN losses as the original code computes them (crnngan-spec §4.1–§4.2). All return scalar tensors; call
// inside tf.tidy / tf.variableGrads. `eps` guards log(0): a documented deviation (the original is unguarded).
import * as tf from '@tensorflow/tfjs'

/** Teacher-forced pretraining loss: mean over B·T·F of (ŷ − x)² (spec §4.1). Shapes [B, T, F]. */
export function mseLoss(predicted: tf.Tensor, real: tf.Tensor): tf.Scalar {
  return tf.mean(tf.squaredDifference(predicted, real)) as tf.Scalar
}

/**
 * L_D = mean_b[ −log D(x_b) − log(1 − D(G(z_b))) ] (spec §4.2). With `realLabel` < 1 the real term becomes the
 * one-sided smoothed cross-entropy −[l·log D(x) + (1 − l)·log(1 − D(x))] (modern deviation).
 * @param pReal D(x), shape [B], in (0, 1)
 * @param pFake D(G(z)), shape [B]
 */
export function discriminatorLoss(pReal: tf.Tensor, pFake: tf.Tensor, eps: number, realLabel = 1): tf.Scalar {
  return tf.tidy(() => {
    const logReal = tf.log(tf.add(pReal, eps))
    let realTerm = tf.neg(logReal)
    if (realLabel < 1) {
      const logNotReal = tf.log(tf.add(tf.sub(1, pReal), eps))
      realTerm = tf.neg(tf.add(tf.mul(realLabel, logReal), tf.mul(1 - realLabel, logNotReal)))
    }
    const fakeTerm = tf.neg(tf.log(tf.add(tf.sub(1, pFake), eps)))
    return tf.mean(tf.add(realTerm, fakeTerm)) as tf.Scalar
  })
}

/** Standard non-saturating L_G = mean_b[ −log D(G(z_b)) ] (the code's form, spec §4.2). `pFake` shape [B]. */
export function generatorLoss(pFake: tf.Tensor, eps: number): tf.Scalar {
  return tf.mean(tf.neg(tf.log(tf.add(pFake, eps)))) as tf.Scalar
}

/**
 * Feature matching as the code does it: Σ_{b,t,f} (R(x_b) − R(G(z_b)))² — a sum, real sample b paired with
 * generated sample b (spec §4.2). Shapes [B, T, 2H].
 */
export function featureMatchingLoss(realFeatures: tf.Tensor, fakeFeatures: tf.Tensor): tf.Scalar {
  return tf.sum(tf.squaredDifference(realFeatures, fakeFeatures)) as tf.Scalar
}

/**
 * Mean feature matching (Salimans et al. 2016; studio deviation): Σ_f (mean_{b,t} R(x) − mean_{b,t} R(G(z)))².
 * It matches the statistics of D's features over the batch instead of pairing samples, so G is not pulled towards
 * the conditional mean of the data and keeps using its noise. Shapes [B, T, 2H].
 */
export function meanFeatureMatchingLoss(realFeatures: tf.Tensor, fakeFeatures: tf.Tensor): tf.Scalar {
  return tf.tidy(
    () =>
      tf.sum(tf.squaredDifference(tf.mean(realFeatures, [0, 1]), tf.mean(fakeFeatures, [0, 1]))) as tf.Scalar,
  )
}
