// The discriminative score's classifier: it tells obviously different sets apart, cannot tell a set from itself,
// is deterministic for a seed and leaves no tensor behind. Real-corpus cases skip without ../shared/data.
import { readFileSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { corpusFiles, hasCorpus } from '../../../tests/support/corpus'
import { encodeCells } from '../../common/crnngan/cells'
import { readTones } from '../../common/crnngan/tones'
import type { WrittenNote } from '../../common/metrics/distributions'
import { Rng } from '../../common/random'
import { selectBackend } from '../backend/index'
import { buildBatch, epochWindowStarts } from '../training/batching'
import { discriminativeScore, encodeNotes } from './discriminator'
import { measureWindows, PPQ } from './windows'

/** `count` windows of 40 notes on a 16th/8th grid: pitches 60 + [0, spread), velocity `vel`. */
function synthetic(count: number, vel: number, spread: number, seed: number): WrittenNote[][] {
  const r = new Rng(seed)
  return Array.from({ length: count }, () => {
    let t = 0
    return Array.from({ length: 40 }, () => {
      t += 96 * (1 + r.int(2))
      return { pitch: 60 + r.int(spread), startTick: t, durationTicks: 96, velocity: vel }
    })
  })
}

beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' })
})

describe('encodeNotes', () => {
  it('pre-pads with zeros and encodes log₂ IOI / length (÷ 6), pitch/127, velocity/127 and a note flag', () => {
    const seq = encodeNotes(
      [
        { pitch: 127, startTick: 384, durationTicks: 192, velocity: 127 },
        { pitch: 0, startTick: 384, durationTicks: 384 * 128, velocity: 0 },
      ],
      3,
      PPQ,
    )
    const close = (xs: number[]) => xs.map((x) => expect.closeTo(x, 6))
    expect([...seq.subarray(0, 5)]).toEqual([0, 0, 0, 0, 0])
    expect([...seq.subarray(5, 10)]).toEqual(close([0, -1 / 6, 1, 1, 1])) // IOI 1 beat from 0, length ½ beat
    expect([...seq.subarray(10, 15)]).toEqual(close([-1, 1, 0, 0, 1])) // simultaneous, length clamped to 2⁶
  })
})

describe('discriminativeScore', () => {
  it('tells loud from quiet windows apart (> 0.3) and two draws of one distribution not (< 0.2)', async () => {
    const loud = await discriminativeScore(synthetic(40, 90, 12, 1), synthetic(40, 40, 12, 2), 7, PPQ)
    expect(loud.score).toBeGreaterThan(0.3)
    const same = await discriminativeScore(synthetic(40, 80, 12, 3), synthetic(60, 80, 12, 4), 7, PPQ)
    expect(same.perSide).toBe(40) // the larger side is subsampled
    expect(same.folds).toBe(5)
    expect(same.score).toBeLessThan(0.2)
  })

  it('is deterministic for a seed and disposes every tensor', async () => {
    const a = synthetic(12, 80, 12, 5)
    const b = synthetic(12, 80, 36, 6)
    const before = tf.memory().numTensors
    const r1 = await discriminativeScore(a, b, 3, PPQ)
    expect(tf.memory().numTensors).toBe(before)
    const r2 = await discriminativeScore(a, b, 3, PPQ)
    expect(r2).toEqual(r1)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('reports null with fewer than 2 windows a side, and copes with empty windows', async () => {
    expect((await discriminativeScore([[]], [[]], 1, PPQ)).score).toBeNull()
    const r = await discriminativeScore([[], [], []], synthetic(3, 80, 12, 8), 1, PPQ)
    expect(r.folds).toBe(3)
    expect(r.score).not.toBeNull()
  })
})

describe.skipIf(!hasCorpus)('discriminativeScore on real chorales (100 vs 100 windows of 100 events)', () => {
  const L = 100
  let real: WrittenNote[][] = []
  let other: WrittenNote[][] = []
  let randomPitch: WrittenNote[][] = []
  beforeAll(() => {
    const songs = corpusFiles('jsb-chorales/train')
      .slice(0, 200)
      .map((f) => ({ name: f, cells: encodeCells(readTones(readFileSync(f), f), { tonesPerCell: 1 }).data }))
    const windows = (s: typeof songs) => buildBatch(s, epochWindowStarts(s, 4, L, 11, 0), 4, L, s.length, 0)
    const a = windows(songs.slice(0, 100))
    const notes = (cells: Float32Array) =>
      measureWindows({ cells, count: 100, length: L }, 1, 'corrected').map((w) => [...w.notes])
    real = notes(a)
    other = notes(windows(songs.slice(100)))
    // The same windows with every pitch redrawn uniformly from MIDI 36..95: rhythm identical, melody random.
    const r = new Rng(5)
    const shuffled = a.slice()
    for (let i = 2; i < shuffled.length; i += 4)
      if (shuffled[i] > 0) shuffled[i] = 440 * 2 ** ((36 + r.int(60) - 69) / 12)
    randomPitch = notes(shuffled)
  })

  it('separates real windows from the same windows with random pitches (> 0.3)', async () => {
    const t0 = performance.now()
    const r = await discriminativeScore(randomPitch, real, 1, PPQ)
    console.log(`classifier, 100 vs 100 × ${L} events: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    expect(r.score).toBeGreaterThan(0.3)
  })

  it('cannot separate two halves of the real chorales (< 0.2)', async () => {
    const r = await discriminativeScore(other, real, 1, PPQ)
    expect(r.score).toBeLessThan(0.2)
  })
})
