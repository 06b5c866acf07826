// View transform: pixel ↔ tick/pitch round trips and zoom anchoring.
import { describe, expect, it } from 'vitest'
import {
  bottomPitch,
  clampView,
  endTick,
  follow,
  pitchToY,
  scrollBy,
  tickToX,
  type View,
  xToTick,
  yToPitch,
  zoomToRange,
  zoomX,
  zoomY,
} from './transform'

const v: View = { scrollTick: 960, topPitch: 84, pxPerTick: 0.1, keyHeight: 12, width: 800, height: 600 }

describe('view transform', () => {
  it('maps ticks and pitches to pixels and back', () => {
    expect(tickToX(v, 960)).toBe(0)
    expect(tickToX(v, 1960)).toBe(100)
    expect(xToTick(v, 100)).toBe(1960)
    expect(pitchToY(v, 84)).toBe(0)
    expect(pitchToY(v, 72)).toBe(144)
    expect(yToPitch(v, 0)).toBe(84)
    expect(yToPitch(v, 11.9)).toBe(84)
    expect(yToPitch(v, 12)).toBe(83)
    expect(yToPitch(v, 150)).toBe(72)
    expect(endTick(v)).toBe(8960)
    expect(bottomPitch(v)).toBe(34)
  })
  it('zooms around the anchor', () => {
    const z = zoomX(v, 2, 400)
    expect(z.pxPerTick).toBe(0.2)
    expect(xToTick(z, 400)).toBeCloseTo(xToTick(v, 400))
    const y = zoomY(v, 1.5, 300)
    expect(y.topPitch - 300 / y.keyHeight).toBeCloseTo(v.topPitch - 300 / v.keyHeight)
  })
  it('clamps scrolling to tick 0 and the pitch range, and zoom to its limits', () => {
    expect(scrollBy(v, -1e6, 0).scrollTick).toBe(0)
    expect(scrollBy(v, 0, -1e6).topPitch).toBe(127)
    expect(clampView({ ...v, pxPerTick: 1000 }).pxPerTick).toBe(8)
  })
  it('zooms to a range and follows the playhead by pages', () => {
    const z = zoomToRange(v, 0, 1920, 60, 72)
    expect(tickToX(z, 0)).toBeGreaterThanOrEqual(0)
    expect(tickToX(z, 1920)).toBeLessThanOrEqual(z.width)
    expect(pitchToY(z, 72)).toBeGreaterThanOrEqual(0)
    expect(pitchToY(z, 60) + z.keyHeight).toBeLessThanOrEqual(z.height)
    expect(follow(v, 2000)).toBe(v)
    expect(follow(v, 9000).scrollTick).toBeGreaterThan(8000)
  })
})
