// Public API of the C-RNN-GAN model (Mogren 2016; shared/docs/crnngan-spec.md §3): spec, model handle, options.
// Training, sampling and checkpoints are written against these types only; implementations live beside them.
import type * as tf from '@tensorflow/tfjs'
import { musicViewWidth, type MusicViewKind } from './musicView'

/**
 * Everything that defines a C-RNN-GAN's shape. Plain JSON, saved beside checkpoints and checked on load.
 * Paper values: `hidden` 350, `layersG` 2, `layersD` 2, `keepProb` 0.5, `noiseScale` 1.0.
 */
export interface ModelSpec {
  type: 'crnngan'
  version: 1
  /** K: tones per LSTM cell. 1 = C-RNN-GAN, 3 = C-RNN-GAN-3 (spec §4.8). */
  tonesPerCell: 1 | 3
  /**
   * F: values per event the model reads and writes: 3K + 1 ([dt, (length, freq, velocity) × K], spec §2.3), plus 2K
   * with `pitchCoding` 'fifths' (each tone's pitch class on the circle of fifths, appended).
   */
  features: number
  /** 'fifths' (studio deviation): 2K more features per cell, the pitch classes as points on the circle of fifths. */
  pitchCoding?: 'fifths'
  /** H: LSTM units per layer in G and per direction in D (350 in the paper). */
  hidden: number
  /** LSTM layers in G (2 in the paper). */
  layersG: number
  /** LSTM layers per direction in D (2 in the paper). */
  layersD: number
  /** Dropout keep probability on LSTM outputs and D's input, in (0, 1] (0.5 in the paper). */
  keepProb: number
  /** Scale s of the uniform noise U[0, s) fed to G each step (1.0 in the paper). Used by callers drawing z. */
  noiseScale: number
  /**
   * Z: noise values per step (default F, as the paper). A larger Z is a `studio` deviation: with Z = F = 4 noise
   * values against 350 hidden units G learns to ignore z (issue #9's diagnosis).
   */
  noiseDim?: number
  /**
   * G's output layer. 'linear' (default, paper). 'reluDt' (studio deviation): feature 0 (the time since the previous
   * onset) passes through max(0, ·) in what G emits AND feeds back, so onsets never move backwards and a chord (dt
   * exactly 0) is reachable, which a continuous linear output almost never hits.
   */
  output?: 'linear' | 'reluDt'
  /** Keep probability of D's input dropout (default `keepProb`; the paper drops half of every feature). */
  keepProbDInput?: number
  /** Keep probability of D's LSTM-output dropout (default `keepProb`). */
  keepProbD?: number
  /**
   * What D reads: the cells (default) or 'studioMusic' = the cells plus periodic pitch-class and grid features of
   * the studio feature space (model/musicView.ts; studio deviation).
   */
  dView?: MusicViewKind
  /** Gradient factor through the music view's features back to G (default 1; 0 = D reads them, G gets none). */
  dViewGrad?: number
  /**
   * 'studio': G's emitted cells are snapped to the studio lattice (1/24 beat, semitones, integer velocity) with a
   * straight-through gradient (model/musicView.ts); what G feeds back to itself stays continuous.
   */
  outputLattice?: 'studio'
}

/** Width of D's input per step: F, plus the music view's features when `dView` is set. */
export function dInputWidth(spec: ModelSpec): number {
  return spec.features + (spec.dView ? musicViewWidth(spec.tonesPerCell, spec.dView) : 0)
}

/** Z, the noise values G reads per step. */
export function noiseDimOf(spec: ModelSpec): number {
  return spec.noiseDim ?? spec.features
}

/** Weights as plain data (for checkpoints and IPC). Keys are stable variable names, e.g. `g/lstm0/kernel`. */
export type WeightMap = Record<string, { shape: number[]; data: Float32Array }>

/** Options of every stochastic forward pass. */
export interface PassOptions {
  /** Apply dropout (keep `spec.keepProb`, mask × 1/keep). The original keeps it on even when sampling (spec §3.1). */
  dropout: boolean
  /** Seed of the dropout masks: the same seed gives the same masks (integer, any range). */
  seed: number
}

/** Options of {@link CrnnGan.generate}. */
export interface GenerateOptions extends PassOptions {
  /**
   * Continuation primer `[B, P, F]`, P ≤ T. G is fed the primer as its "previous outputs" for the first steps
   * (input at step t is z_t ⊕ prev_t with prev_0 = y0, prev_t = primer_{t-1} for 1 ≤ t ≤ P, prev_t = y_{t-1} after),
   * so outputs[:, P:] are the continuation (outputs[:, P] is the first event after the primer) and outputs[:, :P]
   * are G's teacher-forced predictions of the primer itself. 1 ≤ P ≤ T; P = T is fully teacher-forced.
   */
  primer?: tf.Tensor3D
}

/** Options of {@link CrnnGan.generateTeacherForced}. */
export interface TeacherForcedOptions extends PassOptions {
  /**
   * Reproduce the author's bug (spec §4.1): start the teacher-forced unroll from the final LSTM state of a
   * free-running pass over the same z instead of zero state. Off by default (zero initial state).
   */
  carryFreeRunningState?: boolean
}

/** Options of {@link CrnnGan.discriminate}. */
export interface DiscriminateOptions extends PassOptions {
  /**
   * Treat D's weights as constants in this pass: gradients flow only into `x`, and the hand-written backward pass
   * skips D's weight gradients. For G's loss in a simultaneous step (spec §4.3), where a second `discriminate`
   * call on the same fake batch with the same seed gives identical outputs to the one used for L_D.
   */
  frozen?: boolean
}

/** Options of {@link CrnnGan.discriminateStep}. */
export interface DiscriminateStepOptions {
  /** Dropout on (masks drawn from the seeds below). */
  dropout: boolean
  /** Mask seed of the pass over the real batch. */
  seedReal: number
  /** Mask seed of the passes over the fake batch (the L_D pass and G's frozen pass share it). */
  seedFake: number
  /** D is not updated this step: no weight gradients for D. */
  frozenD: boolean
  /** G is updated this step: also return G's frozen pass (`fakeG`). */
  withG: boolean
}

/** D's outputs for a batch of sequences. */
export interface DiscriminatorOutput {
  /** D(x) = mean over t of σ(logits), shape [B], in (0, 1). */
  prob: tf.Tensor1D
  /** Per-step pre-sigmoid scores w·o_t + b, shape [B, T]. */
  logits: tf.Tensor2D
  /** R(x) = o_t = [fw_t; bw_t] after dropout, shape [B, T, 2H] (feature matching, spec §3.2). */
  features: tf.Tensor3D
}

/**
 * A C-RNN-GAN: generator G and discriminator D with their variables. Every method returns new tensors the
 * caller owns; none keeps intermediates alive. All methods are differentiable w.r.t. `gVars` / `dVars` under
 * `tf.variableGrads` / `optimizer.computeGradients`, including generate → discriminate in one tape.
 */
export interface CrnnGan {
  readonly spec: ModelSpec
  /** G's trainable variables (input dense, LSTM stack, output dense). */
  readonly gVars: tf.Variable[]
  /** D's trainable variables (forward stack, backward stack, output dense). */
  readonly dVars: tf.Variable[]
  /**
   * Free-running G (spec §3.1). z: [B, T, Z] uniform noise (already scaled by `noiseScale`), y0: [B, F] the
   * invented "previous output" of step 0. Returns G's outputs [B, T, F] in raw feature units.
   */
  generate(z: tf.Tensor3D, y0: tf.Tensor2D, o: GenerateOptions): tf.Tensor3D
  /**
   * Teacher-forced G for MLE pretraining (spec §4.1): input at t is z_t ⊕ real_{t-1}, with y0 at t = 0; zero
   * initial state unless `carryFreeRunningState`. real: [B, T, F]. Returns predictions [B, T, F].
   */
  generateTeacherForced(
    z: tf.Tensor3D,
    real: tf.Tensor3D,
    y0: tf.Tensor2D,
    o: TeacherForcedOptions,
  ): tf.Tensor3D
  /**
   * D (spec §3.2): input dropout, independent forward and backward LSTM stacks, per-step shared sigmoid, mean
   * over time. x: [B, T, F].
   */
  discriminate(x: tf.Tensor3D, o: DiscriminateOptions): DiscriminatorOutput
  /**
   * The D passes of a simultaneous adversarial step (spec §4.2–4.3) in one call: `real` and `fake` as D sees them
   * for L_D (no gradient reaches either input; D's weights train unless `frozenD`), and with `withG` the fake again
   * through D's frozen weights (`fakeG`: gradient reaches `fake`, so G trains through it). The same as
   * `discriminate(real)`, `discriminate(detached fake)` and `discriminate(fake, { frozen: true })` with the same
   * seeds; the kernel implementation runs all three as one fused pass (equal forward values bit for bit; D's
   * weight gradients summed in a different order, equal within float rounding). One call per tape. `real` and
   * `fake` are cells [B, T, F]; with a `dView` D reads them through the music view (dInputWidth wide) on every
   * implementation, and G's gradient returns through the view's gradient factor.
   */
  discriminateStep(
    real: tf.Tensor3D,
    fake: tf.Tensor3D,
    o: DiscriminateStepOptions,
  ): { real: DiscriminatorOutput; fake: DiscriminatorOutput; fakeG: DiscriminatorOutput | null }
  /** 0.05 · Σ w² over all G and D variables, biases included (spec §3.3). */
  regLoss(): tf.Scalar
  /** Copies of all weights keyed by variable name. */
  getWeights(): WeightMap
  /** Loads weights; throws naming the key when a key is missing/unknown or a shape differs. */
  setWeights(w: WeightMap): void
  /** Disposes every variable. The model is unusable afterwards. */
  dispose(): void
}

/** Options of {@link createModel}. */
export interface CreateModelOptions {
  /** Seed of the initialisation (dense N(0, 1), LSTM kernels Glorot-uniform, biases 0). */
  seed: number
}
