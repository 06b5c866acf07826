import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { encodeCells, featureCount, randomWindowStart, sampleWindow, windowCells } from './cells'
import type { Tone } from './tones'

const t = (begin: number, freq: number, length = 10, velocity = 64): Tone => ({
  begin,
  length,
  freq,
  velocity,
})
const rows = (data: Float32Array, f: number) =>
  Array.from({ length: data.length / f }, (_, i) => Array.from(data.subarray(i * f, (i + 1) * f)))

describe('encodeCells (spec §2.3)', () => {
  it('K = 1: one tone per cell, dt from the previous tone start (0 within a chord)', () => {
    const enc = encodeCells([t(0, 100), t(0, 200), t(96, 300, 48, 90)], { tonesPerCell: 1 })
    expect(featureCount(1)).toBe(4)
    expect(enc.cells).toBe(3)
    expect(rows(enc.data, 4)).toEqual([
      [0, 10, 100, 64],
      [0, 10, 200, 64],
      [96, 48, 300, 90],
    ])
  })

  it('K = 3: packs only exactly simultaneous tones, pads with zeros, continues long chords with dt 0', () => {
    const tones = [t(0, 1), t(0, 2), t(0, 3), t(0, 4), t(0.5, 5), t(10, 6), t(10, 7)]
    const enc = encodeCells(tones, { tonesPerCell: 3 })
    expect(featureCount(3)).toBe(10)
    expect(rows(enc.data, 10)).toEqual([
      [0, 10, 1, 64, 10, 2, 64, 10, 3, 64],
      [0, 10, 4, 64, 0, 0, 0, 0, 0, 0],
      [0.5, 10, 5, 64, 0, 0, 0, 0, 0, 0],
      [9.5, 10, 6, 64, 10, 7, 64, 0, 0, 0],
    ])
  })

  it('starting mid-song: dt of the first cell refers to the tone before the window', () => {
    const enc = encodeCells([t(0, 1), t(40, 2), t(100, 3)], { tonesPerCell: 1, startTone: 2, maxCells: 5 })
    expect(rows(enc.data, 4)).toEqual([[60, 10, 3, 64]])
  })

  it('rejects bad options with the value in the message', () => {
    expect(() => encodeCells([], { tonesPerCell: 2 as 1 })).toThrow(/tonesPerCell must be 1 or 3, got 2/)
    expect(() => encodeCells([], { tonesPerCell: 1, startTone: -1 })).toThrow(/startTone .* got -1/)
  })
})

describe('windows (spec §2.4)', () => {
  it('consumes a tone per cell on any input: NaN / ±Inf onsets cannot stall it (cache.bin corruption)', () => {
    const bad = [t(0, 1), t(NaN, 2), t(NaN, 3), t(Infinity, 4), t(-Infinity, 5)]
    for (const k of [1, 3] as const) {
      // With a cell budget the old loop returned `maxCells` cells without advancing; now the tones run out first.
      const enc = encodeCells(bad, { tonesPerCell: k, maxCells: 1000 })
      expect(enc.cells).toBe(5)
      expect(encodeCells(bad, { tonesPerCell: k }).cells).toBe(enc.cells)
    }
  })

  it('windowCells slices and zero-pads', () => {
    const enc = encodeCells([t(0, 1), t(1, 2)], { tonesPerCell: 1 })
    const w = windowCells(enc, 1, 3)
    expect(w.cells).toBe(3)
    expect(rows(w.data, 4)).toEqual([
      [1, 10, 2, 64],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ])
  })

  it('randomWindowStart draws uniformly from [0, n − L·K] inclusive, 0 for short songs', () => {
    const rng = new Rng(3)
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) seen.add(randomWindowStart(10, 2, 3, rng.uniform))
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4])
    expect(randomWindowStart(6, 2, 3, () => 0.99)).toBe(0)
    expect(randomWindowStart(5, 10, 1, () => 0.5)).toBe(0)
  })

  it('sampleWindow is reproducible for a seed and always has the requested length', () => {
    const tones = Array.from({ length: 50 }, (_, i) => t(i * 10, 100 + i))
    const a = sampleWindow(tones, 8, 1, new Rng(11).uniform)
    const b = sampleWindow(tones, 8, 1, new Rng(11).uniform)
    expect(a.data).toEqual(b.data)
    expect(a.cells).toBe(8)
    expect(sampleWindow(tones.slice(0, 3), 8, 1, new Rng(1).uniform).data.length).toBe(32)
  })
})
