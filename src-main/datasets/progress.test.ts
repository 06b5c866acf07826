// ProgressReporter: throttling, ETA from the mean rate, the final event always delivered.
import { describe, expect, it, vi } from 'vitest'
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

  it('reports files finished inside an interval when it ends, even if no further file finishes', () => {
    vi.useFakeTimers()
    try {
      const events: ImportProgress[] = []
      const r = new ProgressReporter(
        382,
        (p) => events.push(p),
        100,
        () => Date.now(),
      )
      for (let i = 0; i < 5; i++) {
        r.fileDone(`f${i}`)
        vi.advanceTimersByTime(10)
      }
      expect(events.map((e) => e.done)).toEqual([1])
      vi.advanceTimersByTime(60) // the interval ends: the count catches up although the 6th file is still parsing
      expect(events.map((e) => [e.done, e.currentFile])).toEqual([
        [1, 'f0'],
        [5, 'f4'],
      ])
      r.fileDone('f5')
      r.close()
      vi.advanceTimersByTime(1000)
      expect(events).toHaveLength(2) // closed: no event after the import ended
    } finally {
      vi.useRealTimers()
    }
  })

  it('snapshot reports the start state', () => {
    const r = new ProgressReporter(3, undefined, 100, () => 0)
    expect(r.snapshot()).toEqual({ done: 0, total: 3, etaSeconds: null, currentFile: '' })
  })
})
