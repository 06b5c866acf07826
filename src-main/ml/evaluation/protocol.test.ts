// The protocol end to end on synthetic windows: identical sets, a silent generator, K = 3 chords, determinism and
// no tensor left behind.
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { syntheticSongs } from '../training/testData'
import { evaluateProtocol, prepareReal } from './protocol'
import { concatWindows, realWindows } from './sources'
import type { CellWindows } from './windows'

const L = 24
let real: CellWindows
let other: CellWindows

beforeAll(async () => {
  await tf.setBackend('cpu')
  real = realWindows(syntheticSongs(16, 40, 1), 1, L, 3)
  other = realWindows(syntheticSongs(16, 40, 2), 1, L, 4)
})

/** `w` with every velocity multiplied by `f` (K = 1). */
function scaleVelocity(w: CellWindows, f: number): CellWindows {
  const cells = w.cells.slice()
  for (let i = 3; i < cells.length; i += 4) cells[i] *= f
  return { ...w, cells }
}

describe('evaluation protocol', () => {
  it('scores the real windows against themselves: overlaps 1, every mean inside, kept notes 1, distinct', async () => {
    const r = await evaluateProtocol(real, real, 1, { seed: 5, pitchMode: 'corrected' })
    expect(r).toMatchObject({ type: 'crnngan-eval', version: 1, seed: 5, tonesPerCell: 1 })
    for (const o of Object.values(r.overlaps)) {
      expect(o.value).toBeCloseTo(1, 12)
      expect(o.ratio).toBe(1)
      expect(o.ceiling).toBeGreaterThan(0.3)
      expect(o.ceiling).toBeLessThanOrEqual(1)
    }
    expect(r.paperMetrics.inside).toBe(6)
    expect(r.keptNotes).toEqual({ generated: 1, real: 1 })
    expect(r.velocity.medianInsideRealBand).toBe(true)
    expect(r.diversity).toEqual({ distinct: 16, samples: 16, fraction: 1 })
    // (The classifier is not asked here: with the very same windows on both sides, a window's twin in the training
    // folds carries the other label, so it is told "wrong" systematically, which |accuracy − 0.5| also counts.)
    expect(r.discriminative.perSide).toBe(16)
    expect(r.summary.score).toBeGreaterThan(0.85)
  })

  it('marks quiet output: velocities ÷ 4 fall outside the real band and lower the summary', async () => {
    const loud = await evaluateProtocol(other, real, 1, { seed: 5, pitchMode: 'corrected' })
    const quiet = await evaluateProtocol(scaleVelocity(other, 0.25), real, 1, {
      seed: 5,
      pitchMode: 'corrected',
    })
    expect(quiet.velocity.generated.p50).toBeLessThan(loud.velocity.real.p10)
    expect(quiet.velocity.medianInsideRealBand).toBe(false)
    expect(quiet.overlaps.velocities.value).toBeLessThan(loud.overlaps.velocities.value)
    expect(quiet.summary.score).toBeLessThan(loud.summary.score)
  })

  it('counts silence: velocity 0 writes no note, kept notes 0, empty windows all the same sample', async () => {
    const r = await evaluateProtocol(scaleVelocity(other, 0), real, 1, { seed: 5, pitchMode: 'corrected' })
    expect(r.generated).toMatchObject({ notes: 0, emptyWindows: 16 })
    expect(r.keptNotes.generated).toBe(0)
    expect(r.diversity.distinct).toBe(1)
    expect(r.paperMetrics.inside).toBe(0)
    for (const o of Object.values(r.overlaps)) expect(o.value).toBe(0)
    expect(r.summary.score).toBeLessThan(0.25)
  })

  it('measures K = 3 windows (chords: more notes than events) and refuses too few values', async () => {
    const songs = syntheticSongs(8, 30, 9).map((s) => {
      // Each K = 1 cell becomes a K = 3 cell with the tone, a third above (×2^(4/12)) and an empty slot.
      const n = s.cells.length / 4
      const cells = new Float32Array(n * 10)
      for (let c = 0; c < n; c++) {
        const [dt, len, f, v] = s.cells.subarray(c * 4, c * 4 + 4)
        cells.set([dt, len, f, v, len, f * 2 ** (4 / 12), v, 0, 0, 0], c * 10)
      }
      return { name: s.name, cells }
    })
    const w = realWindows(songs, 3, 20, 1)
    const ref = prepareReal(w, 3, 1)
    expect(ref.notesPerEvent).toBe(2)
    const r = await evaluateProtocol(w, w, 3, { seed: 1, pitchMode: 'corrected' })
    expect(r.keptNotes.generated).toBe(2)
    expect(r.summary.components.find((c) => c.key === 'keptNotes')?.value).toBe(1)
    expect(() => prepareReal({ cells: new Float32Array(10), count: 2, length: 20 }, 3, 1)).toThrow(
      /fewer than/,
    )
  })

  it('is deterministic for a seed, depends on it only through ceilings and classifier, and leaks no tensor', async () => {
    const before = tf.memory().numTensors
    const gen = concatWindows([scaleVelocity(other, 0.5)])
    const a = await evaluateProtocol(gen, real, 1, { seed: 8, pitchMode: 'faithful' })
    const b = await evaluateProtocol(gen, real, 1, { seed: 8, pitchMode: 'faithful' })
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    const c = await evaluateProtocol(gen, real, 1, { seed: 9, pitchMode: 'faithful' })
    expect(c.paperMetrics).toEqual(a.paperMetrics)
    expect(c.real.ceilingSeed).not.toBe(a.real.ceilingSeed)
    expect(tf.memory().numTensors).toBe(before)
  })
})
