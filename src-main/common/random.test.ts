import { describe, expect, it } from 'vitest'
import { Rng } from './random'

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = Array.from({ length: 5 }, new Rng(42).uniform)
    const r = new Rng(42)
    expect(Array.from({ length: 5 }, () => r.uniform())).toEqual(a)
    expect(Array.from({ length: 5 }, new Rng(43).uniform)).not.toEqual(a)
  })

  it('resumes the exact sequence from state()', () => {
    const r = new Rng(7)
    for (let i = 0; i < 10; i++) r.uniform()
    const resumed = Rng.fromState(r.state())
    expect(Array.from({ length: 20 }, () => resumed.uniform())).toEqual(
      Array.from({ length: 20 }, () => r.uniform()),
    )
  })

  it('uniform is in [0,1) with mean ≈ 0.5; int(n) covers 0..n−1 evenly', () => {
    const r = new Rng(1)
    let sum = 0
    const counts = new Array<number>(6).fill(0)
    for (let i = 0; i < 60000; i++) {
      const u = r.uniform()
      expect(u >= 0 && u < 1).toBe(true)
      sum += u
      counts[r.int(6)]++
    }
    expect(sum / 60000).toBeCloseTo(0.5, 2)
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400)
  })

  it('uint32 is the raw draw behind uniform and advances the same state', () => {
    const [a, b] = [new Rng(11), new Rng(11)]
    for (let i = 0; i < 100; i++) {
      const u = a.uint32()
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true)
      expect(u / 2 ** 32).toBe(b.uniform())
    }
    expect(a.state()).toBe(b.state())
  })

  it('shuffle permutes in place', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i)
    const out = new Rng(9).shuffle(xs)
    expect(out).toBe(xs)
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(xs).not.toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('rejects bad arguments', () => {
    expect(() => new Rng(NaN)).toThrow(/finite/)
    expect(() => new Rng(1).int(0)).toThrow(/positive integer, got 0/)
    expect(() => Rng.fromState(-1)).toThrow(/got -1/)
  })
})
