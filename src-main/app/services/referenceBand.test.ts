// The reference band: percentiles, empty windows skipped, and the SAME windows as the engine's reference mean.
import { describe, expect, it } from 'vitest'
import type { PaperMetrics } from '@common/metrics/paperMetrics'
import { makeConfig } from '../../ml/config/presets'
import { meanSix } from '../../ml/sampling/cellMetrics'
import { splitSongs } from '../../ml/training/batching'
import { ReferenceMetrics } from '../../ml/training/evaluation'
import { syntheticSongs } from '../../ml/training/testData'
import { bandOf, percentile, windowBand, windowMetrics } from './referenceBand'

const m = (toneSpan: number, events = 5): PaperMetrics =>
  ({
    events,
    toneSpan,
    uniqueTones: toneSpan / 2,
    intensitySpan: 0,
    scaleConsistency: 1,
    polyphony: 0,
    repetitions3: 0,
  }) as unknown as PaperMetrics

describe('reference band', () => {
  it('interpolates percentiles', () => {
    expect(percentile([0, 10], 0.1)).toBeCloseTo(1)
    expect(percentile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBeCloseTo(90)
    expect(percentile([5], 0.9)).toBe(5)
    expect(percentile([], 0.5)).toBeNaN()
  })

  it('takes p10/p90 per metric over windows with notes only', () => {
    const list = [...Array.from({ length: 11 }, (_, i) => m(i * 10)), m(1000, 0)]
    const band = bandOf(list)!
    expect(band.p10.toneSpan).toBeCloseTo(10)
    expect(band.p90.toneSpan).toBeCloseTo(90)
    expect(band.p90.uniqueTones).toBeCloseTo(45)
    expect(bandOf([m(3, 0)])).toBeNull()
  })

  it('uses exactly the windows whose mean the engine reports', () => {
    const config = makeConfig('tiny', { seed: 5 })
    const songs = syntheticSongs(12, 40, 3)
    const length = 16
    const engine = new ReferenceMetrics(
      config,
      splitSongs(songs, 4, config.data.validationFraction, config.seed).train,
    )
    const mine = meanSix(windowMetrics(config, songs, length), config.metricsVariant)
    const ref = engine.at(length)
    for (const k of Object.keys(ref) as (keyof typeof ref)[]) expect(mine[k]).toBeCloseTo(ref[k], 9)
    const band = windowBand(config, songs, length)!
    expect(band.p10.toneSpan).toBeLessThanOrEqual(band.p90.toneSpan)
    expect(band.p90.toneSpan).toBeGreaterThan(0)
  })

  it('follows the code-exact counters when the run uses them', () => {
    const config = makeConfig('tiny', { seed: 5, metricsVariant: 'codeExact' })
    const songs = syntheticSongs(12, 40, 3)
    const list = windowMetrics(config, songs, 16)
    const band = windowBand(config, songs, 16)!
    expect(band).toEqual(bandOf(list, 'codeExact'))
    const exact = list.filter((w) => w.events > 0).map((w) => w.repetitions3CodeExact)
    expect(band.p90.repetitions3).toBeLessThanOrEqual(Math.max(...exact))
    expect(band.p10.repetitions3).toBeGreaterThanOrEqual(Math.min(...exact))
  })
})
