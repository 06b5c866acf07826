// ProgressReporter: throttling, ETA from the mean rate, the final event always delivered.
import { describe, expect, it } from 'vitest'
import { ProgressReporter } from './progress'
import type { ImportProgress } from './types'

describe('ProgressReporter', () => {
  it('throttles to one event per interval, always emits the last, and estimates the time left', () => {
    let now = 0
    const events: ImportProgress[] = []
    const r = new ProgressReporter(
      10,
      (p) => events.push(p),
      100,
      () => now,
    )
    for (let i = 0; i < 10; i++) {
      now += 40 // 40 ms per file → 2.5 files per throttle interval
      r.fileDone(`f${i}`)
    }
    expect(events.map((e) => e.done)).toEqual([1, 4, 7, 10])
    expect(events[0].etaSeconds).toBeNull() // too few files for a rate
    expect(events[1].etaSeconds).toBeCloseTo(0.24, 6) // 4 files in 160 ms → 6 left × 40 ms
    expect(events[3]).toEqual({ done: 10, total: 10, etaSeconds: 0, currentFile: 'f9' })
  })

  it('snapshot reports the start state', () => {
    const r = new ProgressReporter(3, undefined, 100, () => 0)
    expect(r.snapshot()).toEqual({ done: 0, total: 3, etaSeconds: null, currentFile: '' })
  })
})
