// The studio feature space: real cells survive the round trip, and ANY model output decodes to a playable note.
import { describe, expect, it } from 'vitest'
import { fromModelSpace, toModelSpace } from './features'

const hz = (m: number): number => 440 * 2 ** ((m - 69) / 12)

describe("feature space 'studio'", () => {
  it('round-trips real cells (dt 0 = chord, ticks, exact semitones, velocities)', () => {
    const raw = Float32Array.from([0, 96, hz(60), 80, 48, 384, hz(67), 100, 1536, 12, hz(36), 1])
    const back = fromModelSpace(toModelSpace(raw, 4, 'studio'), 4, 'studio')
    for (let i = 0; i < raw.length; i++)
      expect(back[i], `value ${i}`).toBeCloseTo(raw[i], i % 4 === 2 ? 2 : 3)
  })

  it('decodes every output, however wild, to dt ≥ 0, length ≥ 1 tick, a pitch in range and velocity 1..127', () => {
    const wild = Float32Array.from([-5, -40, -30, -9, 30, 40, 30, 9, Number.MIN_VALUE, 0, 0, -1])
    const raw = fromModelSpace(wild, 4, 'studio')
    for (let r = 0; r < raw.length; r += 4) {
      expect(raw[r]).toBeGreaterThanOrEqual(0)
      expect(raw[r]).toBeLessThanOrEqual(64 * 384)
      expect(raw[r + 1]).toBeGreaterThanOrEqual(1)
      expect(raw[r + 1]).toBeLessThanOrEqual(64 * 384)
      const midi = 69 + 12 * Math.log2(raw[r + 2] / 440)
      expect(midi).toBeGreaterThanOrEqual(-0.0001)
      expect(midi).toBeLessThanOrEqual(127.0001)
      expect(raw[r + 3]).toBeGreaterThanOrEqual(1)
      expect(raw[r + 3]).toBeLessThanOrEqual(127)
    }
  })

  it('keeps an absent K = 3 tone absent (velocity 0) but never silences the first tone', () => {
    const model = Float32Array.from([0.3, 0, 0, -1, 0, 0.5, -1, 0, 0.2, -1])
    const raw = fromModelSpace(model, 10, 'studio')
    expect(raw[3]).toBeGreaterThanOrEqual(1)
    expect(raw[6]).toBe(0)
    expect(raw[9]).toBe(0)
  })
})

describe("feature space 'studioFifths'", () => {
  it('appends each pitch class on the circle of fifths and reads the pitch back from circle + height', () => {
    const raw = Float32Array.from([0, 96, hz(60), 80, 48, 384, hz(67), 100, 96, 96, hz(54), 64])
    const model = toModelSpace(raw, 4, 'studioFifths')
    expect(model).toHaveLength(3 * 6)
    // C → position 0, G → 1, F# → 6 on the circle of fifths.
    expect([model[4], model[5]].map((v) => +v.toFixed(5))).toEqual([1, 0])
    expect(model[10]).toBeCloseTo(Math.cos((2 * Math.PI) / 12), 5)
    expect(model[16]).toBeCloseTo(-1, 5)
    const back = fromModelSpace(model, 4, 'studioFifths')
    for (let i = 0; i < raw.length; i++)
      expect(back[i], `value ${i}`).toBeCloseTo(raw[i], i % 4 === 2 ? 2 : 3)
  })

  it('lets the circle choose the pitch class and the height the octave', () => {
    // Height says "about E4" (64.4), the circle points at D (position 2): the nearest D is D4 (62).
    const m = Float32Array.from([
      0,
      0,
      (64.4 - 60) / 12,
      0.2,
      Math.cos((2 * Math.PI * 2) / 12),
      Math.sin((2 * Math.PI * 2) / 12),
    ])
    const raw = fromModelSpace(m, 4, 'studioFifths')
    expect(69 + 12 * Math.log2(raw[2] / 440)).toBeCloseTo(62, 4)
  })
})
