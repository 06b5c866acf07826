import { describe, expect, it } from 'vitest'
import { stepsPerEpoch } from '../../common/training/steps'
import { batchesPerEpoch, buildBatch, epochWindowStarts, splitSongs, type SongCells } from './batching'

const song = (name: string, n: number, base: number): SongCells => ({
  name,
  cells: Float32Array.from({ length: n * 4 }, (_, i) => base + i),
})

describe('batching (spec §2.4)', () => {
  const songs = Array.from({ length: 11 }, (_, i) => song(`s${i}`, 5 + i, 1000 * (i + 1)))

  it('splits deterministically by seed and keeps every song exactly once', () => {
    const a = splitSongs(songs, 4, 0.2, 9)
    const b = splitSongs(songs, 4, 0.2, 9)
    expect(a.validation.map((s) => s.name)).toEqual(b.validation.map((s) => s.name))
    expect(a.validation).toHaveLength(2)
    expect(new Set([...a.train, ...a.validation].map((s) => s.name)).size).toBe(11)
    expect(splitSongs(songs, 4, 0.2, 10).train.map((s) => s.name)).not.toEqual(a.train.map((s) => s.name))
    expect(() => splitSongs([{ name: 'bad', cells: new Float32Array(5) }], 4, 0, 1)).toThrow(
      /'bad'.*5 values/,
    )
  })

  it('has exactly the steps per epoch the Train screen predicts (common/training/steps)', () => {
    for (let n = 0; n <= 45; n++)
      for (const fraction of [0, 0.1, 0.2, 0.5])
        for (const B of [1, 4, 20]) {
          const all = Array.from({ length: n }, (_, i) => song(`s${i}`, 2, i))
          const train = splitSongs(all, 4, fraction, 3).train.length
          expect(stepsPerEpoch(n, fraction, B), `${n} songs, ${fraction}, batch ${B}`).toBe(
            batchesPerEpoch(train, B),
          )
        }
  })

  it('drops the last partial batch', () => {
    expect(batchesPerEpoch(11, 4)).toBe(2)
    expect(batchesPerEpoch(3, 4)).toBe(0)
  })

  it('draws a window inside each song, redrawn per epoch, zero-padding short songs', () => {
    const T = 8
    const s0 = epochWindowStarts(songs, 4, T, 1, 0)
    const s1 = epochWindowStarts(songs, 4, T, 1, 1)
    expect(Array.from(s0)).toEqual(Array.from(epochWindowStarts(songs, 4, T, 1, 0)))
    expect(Array.from(s0)).not.toEqual(Array.from(s1))
    songs.forEach((s, i) => {
      const n = s.cells.length / 4
      expect(s0[i]).toBeGreaterThanOrEqual(0)
      expect(s0[i]).toBeLessThanOrEqual(Math.max(0, n - T))
    })
    const batch = buildBatch(songs, s0, 4, T, 4, 0)
    expect(batch).toHaveLength(4 * T * 4)
    // song 0 has 5 cells < T: its window starts at 0 and is padded with zeros after 5 cells.
    expect(s0[0]).toBe(0)
    expect(Array.from(batch.subarray(0, 4))).toEqual([1000, 1001, 1002, 1003])
    expect(Array.from(batch.subarray(5 * 4, T * 4)).every((v) => v === 0)).toBe(true)
    // song 3 (index 3 in the batch) holds its own cells from its window start.
    const start = s0[3] * 4
    expect(batch[3 * T * 4]).toBe(songs[3].cells[start])
  })
})

describe('windowSteps (the Train screen) counts like the trainer', () => {
  it('agrees with splitSongs + epochWindows for every window mode', async () => {
    const { windowSteps } = await import('../../common/training/steps')
    const { Rng } = await import('./seeds')
    const { epochWindows } = await import('./batching')
    const rng = new Rng(5)
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.int(60)
      const songs = Array.from({ length: n }, (_, i) => ({
        name: `s${i}`,
        cells: new Float32Array(4 * (1 + rng.int(400))),
      }))
      const plan = {
        seed: rng.int(1000),
        validationFraction: [0, 0.1, 0.2][rng.int(3)],
        batchSize: 1 + rng.int(32),
        length: 8 + rng.int(120),
        windows: (['perSong', 'cover'] as const)[rng.int(2)],
        shortSongs: (['pad', 'skip'] as const)[rng.int(2)],
      }
      const train = splitSongs(songs, 4, plan.validationFraction, plan.seed).train
      const w = epochWindows(train, 4, plan.length, plan.seed, 0, plan)
      const cells = songs.map((s) => s.cells.length / 4)
      expect(windowSteps(cells, plan), JSON.stringify(plan)).toBe(Math.floor(w.song.length / plan.batchSize))
    }
  })
})
