// Runs the generator for sampling (crnngan-spec §4.6): seeded uniform noise, y0 ~ U[0,1), dropout on by default,
// plus the studio's controls: noise scale, partial reroll (keep the first k steps' noise) and primed continuation.
import * as tf from '@tensorflow/tfjs'
import { noiseDimOf, type CrnnGan } from '../model/types'
import { Rng, STREAM, deriveSeed } from '../training/seeds'

/** Options of `generateCells`. */
export interface GenerateCellsOptions {
  readonly count: number
  /** Cells per sequence. */
  readonly length: number
  readonly seed: number
  /** Multiplies the model's noise scale (1 = paper). */
  readonly noiseScale: number
  readonly dropout: boolean
  /** Keep the noise of the first k steps drawn from `seed`; redraw steps k.. from `tailSeed`. */
  readonly prefixLockSteps?: number
  readonly tailSeed?: number
  /** Primer cells in model space, [P, F] row-major (same primer for every candidate). */
  readonly primer?: Float32Array
}

/**
 * Noise z [count, length, Z] and y0 [count, F] as arrays, per candidate from its own seed so candidates are
 * stable. Z defaults to F (the paper).
 */
export function drawNoise(
  F: number,
  o: Pick<GenerateCellsOptions, 'count' | 'length' | 'seed' | 'prefixLockSteps' | 'tailSeed'>,
  scale: number,
  Z: number = F,
): { z: Float32Array; y0: Float32Array } {
  const z = new Float32Array(o.count * o.length * Z)
  const y0 = new Float32Array(o.count * F)
  const lock = Math.min(o.prefixLockSteps ?? o.length, o.length)
  for (let c = 0; c < o.count; c++) {
    const head = new Rng(deriveSeed(o.seed, STREAM.samples, c))
    const tail = new Rng(deriveSeed(o.tailSeed ?? o.seed, STREAM.samples, c))
    for (let i = 0; i < F; i++) y0[c * F + i] = head.uniform()
    for (let t = 0; t < o.length; t++) {
      // The head stream is always advanced, so the first k steps do not depend on `tailSeed`.
      for (let i = 0; i < Z; i++) {
        const h = head.uniform()
        z[(c * o.length + t) * Z + i] = (t < lock ? h : tail.uniform()) * scale
      }
    }
  }
  return { z, y0 }
}

/**
 * Generates `count` sequences; returns model-space cells [count, length, F] row-major. With a primer of P cells,
 * the result is the primer followed by length − P generated cells (P < length).
 */
export function generateCells(model: CrnnGan, o: GenerateCellsOptions): Float32Array {
  const F = model.spec.features
  if (!Number.isInteger(o.count) || o.count < 1)
    throw new Error(`count must be a positive integer, got ${o.count}`)
  if (!Number.isInteger(o.length) || o.length < 1)
    throw new Error(`length must be a positive integer, got ${o.length}`)
  const P = o.primer ? o.primer.length / F : 0
  if (o.primer && (!Number.isInteger(P) || P < 1 || P >= o.length))
    throw new Error(
      `primer must hold 1..${o.length - 1} cells of ${F} features, got ${o.primer.length} values`,
    )
  const Z = noiseDimOf(model.spec)
  const { z, y0 } = drawNoise(F, o, model.spec.noiseScale * o.noiseScale, Z)
  const dropSeed = deriveSeed(o.seed, STREAM.dropout)
  const out = tf.tidy(() => {
    const zt = tf.tensor3d(z, [o.count, o.length, Z])
    const y0t = tf.tensor2d(y0, [o.count, F])
    if (!o.primer) return model.generate(zt, y0t, { dropout: o.dropout, seed: dropSeed })
    const primer = tf.tile(tf.tensor3d(o.primer, [1, P, F]), [o.count, 1, 1]) as tf.Tensor3D
    const gen = model.generate(zt, y0t, { dropout: o.dropout, seed: dropSeed, primer })
    // Step P is the first one fed the primer's last cell, so outputs[:, P:] are the continuation; outputs[:, :P]
    // are G's teacher-forced guesses of the primer, replaced by the primer itself.
    return tf.concat([primer, tf.slice(gen, [0, P, 0], [o.count, o.length - P, F])], 1)
  })
  const data = out.dataSync() as Float32Array
  out.dispose()
  return data
}
