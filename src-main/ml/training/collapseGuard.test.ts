import { describe, expect, it } from 'vitest'
import { CollapseWatch } from './collapseGuard'

const guard = { drop: 0.15, patience: 3, maxRollbacks: 2 }

describe('collapse guard', () => {
  it('rolls back after `patience` epochs in a row far below the best, not after a dip', () => {
    const w = new CollapseWatch(guard)
    // A dip of two epochs, then recovery: no rollback.
    expect([0.5, 0.52].map((s) => w.observe(s, 0.7))).toEqual([null, null])
    expect(w.observe(0.69, 0.7)).toBeNull()
    // The starter run's collapse: three epochs far below 0.72.
    expect(w.observe(0.41, 0.72)).toBeNull()
    expect(w.observe(0.38, 0.72)).toBeNull()
    expect(w.observe(0.35, 0.72)).toMatch(/^collapse: .*\(0\.720\) for 3 epochs, now 0\.350.*rollback 1 of 2/)
  })

  it('counts afresh after a rollback and stops at maxRollbacks', () => {
    const w = new CollapseWatch({ ...guard, patience: 1 })
    expect(w.observe(0.2, 0.7)).toMatch(/rollback 1 of 2/)
    expect(w.observe(0.2, 0.7)).toMatch(/rollback 2 of 2/)
    expect(w.observe(0.2, 0.7)).toBeNull()
  })

  it('does nothing without a scored best or without a score', () => {
    const w = new CollapseWatch({ ...guard, patience: 1 })
    expect(w.observe(0.1, null)).toBeNull()
    expect(w.observe(NaN, 0.7)).toBeNull()
    // Exactly `drop` below is not "more than drop below".
    expect(w.observe(0.55, 0.7)).toBeNull()
  })
})
