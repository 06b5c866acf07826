// float16 packing of the shipped weights: exact values, rounding to nearest even, error bound, bad input.
import { describe, expect, it } from 'vitest'
import { Rng } from '../training/seeds'
import { FLOAT16_MAX, fromHalf, packFloat16, toHalf, unpackFloat16 } from './float16'

describe('float16', () => {
  it('keeps exactly representable values (powers of two, small integers, subnormals, ±0, max)', () => {
    const exact = [
      0,
      1,
      -1,
      0.5,
      2,
      1024,
      -3,
      0.0999755859375,
      FLOAT16_MAX,
      -FLOAT16_MAX,
      2 ** -14,
      2 ** -24,
      3 * 2 ** -24,
    ]
    const back = unpackFloat16(packFloat16(Float32Array.from(exact)))
    expect(Array.from(back)).toEqual(Array.from(Float32Array.from(exact)))
    expect(Object.is(fromHalf(toHalf(-0)), -0)).toBe(true)
  })

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to the even mantissa (1).
    expect(fromHalf(toHalf(1 + 2 ** -11))).toBe(1)
    // 1 + 3·2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
    expect(fromHalf(toHalf(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9)
    expect(fromHalf(toHalf(1 + 2 ** -11 + 2 ** -20))).toBe(1 + 2 ** -10)
    // Rounding up out of the largest mantissa carries into the exponent.
    expect(fromHalf(toHalf(2 - 2 ** -12))).toBe(2)
  })

  it('round trip of random weights is within half an ulp (relative 2^-11) in the normal range', () => {
    const rng = new Rng(7)
    const xs = new Float32Array(10_000).map(
      () => (rng.uniform() * 2 - 1) * 2 ** (Math.floor(rng.uniform() * 20) - 10),
    )
    const back = unpackFloat16(packFloat16(xs))
    for (let i = 0; i < xs.length; i++) {
      if (Math.abs(xs[i]) < 2 ** -14) continue
      expect(Math.abs(back[i] - xs[i])).toBeLessThanOrEqual(Math.abs(xs[i]) * 2 ** -11)
    }
  })

  it('refuses values float16 cannot hold, naming the index', () => {
    expect(() => packFloat16(Float32Array.from([0, NaN]), 'w')).toThrow(/w\[1\] = NaN/)
    expect(() => packFloat16(Float32Array.from([70000]), 'w')).toThrow(/w\[0\] = 70000/)
    expect(() => unpackFloat16(new Uint8Array(3), 'blob')).toThrow(/blob: 3 bytes/)
  })
})
