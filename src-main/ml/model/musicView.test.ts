// D's music view reads the studio space's pitch, length and dt back exactly: known notes land on known angles.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { toModelSpace } from '../training/features'
import { musicView, musicViewWidth, studioLattice, studioLatticeStraightThrough } from './musicView'

describe('musicView', () => {
  it('puts pitch classes on the chroma and fifths circles and gaps/lengths on the grid', () => {
    // Raw cells [dt ticks, length ticks, Hz, velocity]: G4 a 16th after the previous onset, an 8th long; then an
    // off-grid C#4 (dt 1/3 of a 16th), then a chord tone (dt 0).
    const hz = (m: number): number => 440 * 2 ** ((m - 69) / 12)
    const raw = Float32Array.from([96, 192, hz(67), 80, 32, 96, hz(61), 80, 0, 96, hz(60), 80])
    const x = tf.tensor3d(toModelSpace(raw, 4, 'studio'), [1, 3, 4])
    const v = musicView(x, 1).arraySync()[0]
    expect(v[0]).toHaveLength(4 + musicViewWidth(1))
    const [, , , , cC, sC, cF, sF, cL, , cD16, , cD3] = v[0]
    expect(cC).toBeCloseTo(Math.cos((2 * Math.PI * 7) / 12), 4) // G on the chroma circle
    expect(sC).toBeCloseTo(Math.sin((2 * Math.PI * 7) / 12), 4)
    expect(cF).toBeCloseTo(Math.cos((2 * Math.PI * 49) / 12), 4) // one step from C on the circle of fifths
    expect(sF).toBeCloseTo(Math.sin((2 * Math.PI * 49) / 12), 4)
    expect(cL).toBeCloseTo(1, 4) // an 8th is on the 16th grid
    expect(cD16).toBeCloseTo(1, 4) // dt of a 16th: on the grid
    expect(cD3).toBeCloseTo(Math.cos(2 * Math.PI * 3 * 0.25), 4)
    expect(v[1][10]).toBeLessThan(0.9) // dt of a 48th: off the 16th grid
    expect(v[2][10]).toBeCloseTo(1, 5) // a chord (dt 0) is on every grid
    expect(v[2][4]).toBeCloseTo(1, 4) // C
    x.dispose()
  })

  it('scales the gradient through the view, not the view itself', () => {
    const x = tf.randomUniform([2, 5, 4], -1, 1, 'float32', 4) as tf.Tensor3D
    const grad = (s: number): Float32Array =>
      tf.tidy(() => {
        // Only the view's columns enter the objective, so its whole gradient comes through them.
        const f = (a: tf.Tensor) => tf.sum(tf.slice(musicView(a as tf.Tensor3D, 1, s), [0, 0, 4], [2, 5, 10]))
        return tf.grad(f)(x).dataSync() as Float32Array
      })
    const [full, tenth, none] = [grad(1), grad(0.1), grad(0)]
    expect(tf.tidy(() => musicView(x, 1, 0).sub(musicView(x, 1)).abs().max().dataSync()[0])).toBe(0)
    full.forEach((g, i) => expect(tenth[i]).toBeCloseTo(0.1 * g, 4))
    expect(none.every((g) => g === 0)).toBe(true)
    expect(full.some((g) => g !== 0)).toBe(true)
    x.dispose()
  })

  it('leaks no tensors and lets gradients through to the cells', () => {
    const x = tf.randomUniform([2, 5, 4], -1, 1, 'float32', 3) as tf.Tensor3D
    const n0 = tf.memory().numTensors
    const g = tf.grad((a: tf.Tensor) => tf.sum(musicView(a as tf.Tensor3D, 1)))(x)
    expect(tf.memory().numTensors).toBe(n0 + 1)
    expect(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])).toBeGreaterThan(0)
    tf.dispose([g, x])
  })
})

describe('studioLattice', () => {
  const hz = (m: number): number => 440 * 2 ** ((m - 69) / 12)
  it('leaves real cells where they are and snaps G-like values to 1/24 beat, semitones and whole velocities', () => {
    const raw = Float32Array.from([96, 192, hz(67), 80, 0, 128, hz(61), 100, 1536, 16, hz(36), 1])
    const x = tf.tensor3d(toModelSpace(raw, 4, 'studio'), [1, 3, 4])
    const same = studioLattice(x, 1)
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(same, x))).dataSync()[0])).toBeLessThan(1e-5)
    // 0.3 semitone sharp, a gap of 0.27 beat, a length of 0.49 beat and velocity 80.4 snap to G4, 1/4, 1/2, 80.
    const off = toModelSpace(Float32Array.from([0.27 * 384, 0.49 * 384, hz(67.3), 80.4]), 4, 'studio')
    const snapped = studioLattice(tf.tensor3d(off, [1, 1, 4]), 1).dataSync()
    const want = toModelSpace(Float32Array.from([96, 192, hz(67), 80]), 4, 'studio')
    snapped.forEach((v, i) => expect(v, `feature ${i}`).toBeCloseTo(want[i], 4))
    tf.dispose([x, same])
  })

  it('passes the gradient straight through', () => {
    const x = tf.randomUniform([2, 3, 4], -1, 1, 'float32', 9) as tf.Tensor3D
    const w = tf.randomUniform([2, 3, 4], -1, 1, 'float32', 10)
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(studioLatticeStraightThrough(a as tf.Tensor3D, 1), w)))(
      x,
    )
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(g, w))).dataSync()[0])).toBe(0)
    tf.dispose([x, w, g])
  })
})

describe('studioLattice with the fifths circle', () => {
  it('snaps the circle to a pitch class and puts the height on that class in the nearest octave', () => {
    // Height ≈ E4 + 0.4, circle a little off D's point: the lattice emits D4 and D's exact point.
    const a = (2 * Math.PI * 2) / 12 + 0.1
    const x = tf.tensor3d([0, 0, (64.4 - 60) / 12, 0.2, Math.cos(a), Math.sin(a)], [1, 1, 6])
    const y = studioLattice(x, 1).dataSync()
    expect(y[2] * 12 + 60).toBeCloseTo(62, 4)
    expect(y[4]).toBeCloseTo(Math.cos((2 * Math.PI * 2) / 12), 5)
    expect(y[5]).toBeCloseTo(Math.sin((2 * Math.PI * 2) / 12), 5)
    const real = tf.tensor3d(
      toModelSpace(Float32Array.from([96, 192, 440 * 2 ** ((55 - 69) / 12), 80]), 4, 'studioFifths'),
      [1, 1, 6],
    )
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(studioLattice(real, 1), real))).dataSync()[0])).toBeLessThan(
      1e-5,
    )
    tf.dispose([x, real])
  })
})
