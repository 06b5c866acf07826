// D's "music view" (studio deviation, ModelSpec.dView 'studioMusic'): periodic features computed from the studio
// feature space inside D's input, so D can judge what a linear scalar hides from a small LSTM — which pitch class a
// note has (and where it sits on the circle of fifths, where every diatonic scale is one contiguous arc), and
// whether gaps and lengths fall on the 16th / triplet grid. They are differentiable tfjs ops, so G's pitch and
// timing receive gradients through them. The studio space itself is defined here (training/features.ts uses it).
import * as tf from '@tensorflow/tfjs'

/** dt: u = log2(1 + DT_GAIN·beats) / DT_SCALE. */
export const STUDIO_DT_GAIN = 8
export const STUDIO_DT_SCALE = 3
/** pitch: (MIDI − STUDIO_PITCH_CENTER) / 12. */
export const STUDIO_PITCH_CENTER = 60

/** Which view: 'studioMusic' = chroma + fifths circles per pitch, grid phases of lengths and dt; 'studioChroma' = the
 * chroma circle per pitch only (a smoother, weaker cue: one turn per octave). */
export type MusicViewKind = 'studioMusic' | 'studioChroma'

/** Features the view appends for K tones per cell: 'studioMusic' 4 per pitch, 2 per length, 4 for dt; chroma 2 per pitch. */
export function musicViewWidth(tonesPerCell: number, kind: MusicViewKind = 'studioMusic'): number {
  return kind === 'studioChroma' ? 2 * tonesPerCell : 6 * tonesPerCell + 4
}

const TAU = 2 * Math.PI

/** cos and sin of `k`·2π·`v` (any shape), concatenated on the last axis. */
function circle(v: tf.Tensor, k: number): tf.Tensor[] {
  const a = tf.mul(v, TAU * k)
  return [tf.cos(a), tf.sin(a)]
}

/**
 * [B, T, F] studio-space cells → [B, T, F + musicViewWidth(K)]: the cells followed by, per tone, the pitch class on
 * the chroma circle and on the circle of fifths and the length's 16th-grid phase, then dt's 16th and triplet-8th
 * grid phases.
 */
export function musicView(
  x: tf.Tensor3D,
  tonesPerCell: number,
  gradScale = 1,
  kind: MusicViewKind = 'studioMusic',
): tf.Tensor3D {
  return tf.tidy(() => {
    const [B, T, F] = x.shape
    const col = (i: number): tf.Tensor => tf.slice(x, [0, 0, i], [B, T, 1])
    const parts: tf.Tensor[] = [x]
    for (let j = 0; j < tonesPerCell; j++) {
      const semitones = tf.mul(col(2 + 3 * j), 12) // pitch class depends on MIDI mod 12; the centre 60 ≡ 0
      if (kind === 'studioChroma') {
        parts.push(...circle(semitones, 1 / 12))
        continue
      }
      const beats = tf.pow(2, tf.sub(tf.mul(col(1 + 3 * j), 2), 1))
      parts.push(...circle(semitones, 1 / 12), ...circle(semitones, 7 / 12), ...circle(beats, 4))
    }
    if (kind === 'studioMusic') {
      const u = tf.relu(col(0))
      const dt = tf.div(tf.sub(tf.pow(2, tf.mul(u, STUDIO_DT_SCALE)), 1), STUDIO_DT_GAIN)
      parts.push(...circle(dt, 4), ...circle(dt, 3))
    }
    const view = scaleGradient(tf.concat(parts.slice(1), 2), gradScale)
    const out = tf.concat([x, view], 2) as tf.Tensor3D
    if (out.shape[2] !== F + musicViewWidth(tonesPerCell, kind))
      throw new Error(
        `musicView: expected ${F + musicViewWidth(tonesPerCell, kind)} features, got ${out.shape[2]}`,
      )
    return out
  })
}

/**
 * Identity forward, gradient × `s` backward (s = 0: a stop-gradient). The view's periodic features change fast with
 * pitch and timing (a fifth-circle turn every 12/7 semitones), so their full gradient can swamp G's other signals.
 */
function scaleGradient(t: tf.Tensor, s: number): tf.Tensor {
  if (s === 1) return t
  const f = tf.customGrad((a, save) => {
    void save
    return { value: tf.clone(a as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.mul(dy, s) }
  })
  return f(t)
}

/** Lattice of G's studio outputs: time in 1/24 beat (16ths, 32nds and triplets all fall on it), whole semitones, whole
 * velocity steps. */
export const STUDIO_TIME_STEPS_PER_BEAT = 24

/**
 * Studio cells snapped to the lattice (studio deviation, ModelSpec.outputLattice 'studio'): onset gaps and lengths
 * rounded to 1/24 beat, pitch to a semitone, velocity to an integer; forward only. Real data is already on it (to
 * rounding), so D cannot tell G's outputs by their fractional parts, and what D judges is exactly what the writer
 * writes.
 */
export function studioLattice(x: tf.Tensor3D, tonesPerCell: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [B, T, W] = x.shape
    const K = tonesPerCell
    const fifths = W === 5 * K + 1 // the fifths circle appended (ModelSpec.pitchCoding 'fifths')
    const col = (i: number): tf.Tensor => tf.slice(x, [0, 0, i], [B, T, 1])
    const q = STUDIO_TIME_STEPS_PER_BEAT
    const parts: tf.Tensor[] = []
    const circles: tf.Tensor[] = []
    const u = tf.relu(col(0))
    const dtBeats = tf.div(tf.sub(tf.pow(2, tf.mul(u, STUDIO_DT_SCALE)), 1), STUDIO_DT_GAIN)
    const dtQ = tf.div(tf.round(tf.mul(dtBeats, q)), q)
    parts.push(tf.div(tf.log(tf.add(1, tf.mul(dtQ, STUDIO_DT_GAIN))), Math.LN2 * STUDIO_DT_SCALE))
    for (let j = 0; j < K; j++) {
      const beats = tf.pow(2, tf.sub(tf.mul(col(1 + 3 * j), 2), 1))
      const lenQ = tf.maximum(tf.div(tf.round(tf.mul(beats, q)), q), 1 / q)
      parts.push(tf.div(tf.add(tf.div(tf.log(lenQ), Math.LN2), 1), 2))
      if (fifths) {
        // The circle decides the pitch class (nearest of its 12 points), the height the octave: the emitted pitch is
        // the note of that class nearest to the height, and the circle point is put exactly on the class.
        const k = tf.mod(
          tf.round(tf.div(tf.mul(tf.atan2(col(3 * K + 2 + 2 * j), col(3 * K + 1 + 2 * j)), 12), 2 * Math.PI)),
          12,
        )
        const pc = tf.mod(tf.mul(k, 7), 12)
        const height = tf.add(STUDIO_PITCH_CENTER, tf.mul(col(2 + 3 * j), 12))
        const midi = tf.add(pc, tf.mul(12, tf.round(tf.div(tf.sub(height, pc), 12))))
        parts.push(tf.div(tf.sub(midi, STUDIO_PITCH_CENTER), 12))
        const angle = tf.mul(k, (2 * Math.PI) / 12)
        circles.push(tf.cos(angle), tf.sin(angle))
      } else parts.push(tf.div(tf.round(tf.mul(col(2 + 3 * j), 12)), 12))
      parts.push(tf.sub(tf.div(tf.round(tf.mul(tf.add(col(3 + 3 * j), 1), 64)), 64), 1))
    }
    return tf.concat([...parts, ...circles], 2) as tf.Tensor3D
  })
}

/**
 * The lattice as G's output activation: the forward value is {@link studioLattice}(y), the gradient passes straight
 * through to y (Bengio et al. 2013's straight-through estimator), so G learns as if its output were continuous.
 */
export function studioLatticeStraightThrough(y: tf.Tensor3D, tonesPerCell: number): tf.Tensor3D {
  const f = tf.customGrad((a, save) => {
    void save
    return { value: studioLattice(a as tf.Tensor3D, tonesPerCell), gradFunc: (dy: tf.Tensor) => dy }
  })
  return f(y) as tf.Tensor3D
}
