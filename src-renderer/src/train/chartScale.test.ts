// Chart scaling: extents, scales, ticks, paths with gaps, bands, down-sampling and flag runs.
import { describe, expect, it } from 'vitest'
import {
  bandPath,
  downsample,
  extent,
  formatTick,
  linePath,
  linearScale,
  niceTicks,
  trueRuns,
} from './chartScale'

describe('chart scaling', () => {
  it('maps domain to range, inverted y included', () => {
    const sy = linearScale([0, 10], [100, 0])
    expect(sy(0)).toBe(100)
    expect(sy(10)).toBe(0)
    expect(sy(2.5)).toBe(75)
    expect(linearScale([3, 3], [0, 50])(3)).toBe(25)
  })

  it('takes the extent of finite values only and pads it', () => {
    expect(extent([1, NaN, 3, Infinity], 0)).toEqual([1, 3])
    expect(extent([0, 10], 0.1)).toEqual([-1, 11])
    expect(extent([5])).toEqual([4, 6])
    expect(extent([NaN], 0, [0, 2])).toEqual([0, 2])
  })

  it('chooses round ticks inside the range', () => {
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(niceTicks(0, 100, 4)).toEqual([0, 25, 50, 75, 100])
    const t = niceTicks(-0.37, 2.9, 4)
    expect(t.every((v) => v >= -0.37 && v <= 2.9)).toBe(true)
    expect(t).toContain(0)
    expect(niceTicks(2, 2)).toEqual([2])
  })

  it('breaks lines at missing values', () => {
    const id = (v: number) => v
    expect(linePath([0, 1, 2, 3], [5, NaN, 7, 8], id, id)).toBe('M0.0,5.0M2.0,7.0L3.0,8.0')
    expect(linePath([0, 1], [NaN, NaN], id, id)).toBe('')
  })

  it('closes a band polygon over points where both bounds exist', () => {
    const id = (v: number) => v
    expect(bandPath([0, 1, 2], [1, NaN, 2], [3, 4, 5], id, id)).toBe('M0.0,3.0L2.0,5.0L2.0,2.0L0.0,1.0Z')
    expect(bandPath([0], [NaN], [1], id, id)).toBe('')
    expect(bandPath([4], [1], [2], id, id)).toMatch(/Z$/)
  })

  it('down-samples but keeps the newest point', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i)
    const d = downsample(xs, 100)
    expect(d.length).toBeLessThanOrEqual(100)
    expect(d[0]).toBe(0)
    expect(d.at(-1)).toBe(999)
    expect(downsample([1, 2, 3], 10)).toEqual([1, 2, 3])
  })

  it('finds runs of true flags', () => {
    expect(trueRuns([false, true, true, false, true])).toEqual([
      { start: 1, end: 2 },
      { start: 4, end: 4 },
    ])
    expect(trueRuns([])).toEqual([])
  })

  it('formats axis numbers compactly', () => {
    expect(formatTick(1500)).toBe('1.5k')
    expect(formatTick(100_000)).toBe('100k')
    expect(formatTick(2_000_000)).toBe('2M')
    expect(formatTick(0.123456)).toBe('0.123')
    expect(formatTick(0)).toBe('0')
  })
})
