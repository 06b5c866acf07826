// The benchmark runs end to end at tiny size (shape of the result, no leaks) and its step really trains.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { createModel, defaultSpec } from '../model/index'
import { adversarialStep } from './adversarialStep'
import { createStepTimer, runEngineBench } from './engineBench'
import { stepBreakdown } from './stepBreakdown'

describe('engine bench', () => {
  it('reports medians for every T, sampling figures and peak RSS', async () => {
    const n0 = tf.memory().numTensors
    const r = await runEngineBench({ T: [4, 6], runs: 1, batch: 2, hidden: 8 })
    expect(Object.keys(r.trainStepMs)).toEqual(['T4', 'T6'])
    for (const v of [...Object.values(r.trainStepMs), r.sample1x100Ms, r.sample16x100Ms])
      expect(v).toBeGreaterThan(0)
    expect(r.peakRssMb).toBeGreaterThan(10)
    expect(Number.isInteger(r.splitPauses) && r.splitPauses >= 0).toBe(true)
    expect(['kernel', 'tfjs', 'reference']).toContain(r.impl)
    expect(tf.memory().numTensors).toBe(n0)
    await expect(runEngineBench({ runs: 0 })).rejects.toThrow(/runs must be an integer ≥ 1, got 0/)
  })

  it('times steps for paired rounds and breaks a step down by part, leaking nothing', async () => {
    const n0 = tf.memory().numTensors
    const timer = await createStepTimer({ batch: 2, hidden: 8 })
    expect(timer.median(5, 2)).toBeGreaterThan(0)
    timer.dispose()
    const b = await stepBreakdown({ T: 5, steps: 1, batch: 2, hidden: 8 })
    expect(b.parts.GEMM).toBeGreaterThan(0)
    expect(b.parts['LSTM cell']).toBeGreaterThan(0)
    expect(b.gflop).toBeGreaterThan(0)
    expect(b.parts['D sections on two threads (wall, included above)']).toBeGreaterThan(0) // the fused D pass ran
    expect(tf.memory().numTensors).toBe(n0)
  })

  it('adversarialStep updates both networks, keeps losses finite and leaks nothing', () => {
    const m = createModel(defaultSpec(1, { hidden: 8 }), { seed: 3 })
    const real = tf.tidy(() => tf.mul(tf.randomUniform([3, 5, 4], 0, 1, 'float32', 1), 10)) as tf.Tensor3D
    const before = m.getWeights()
    const n0 = tf.memory().numTensors
    const { lossD, lossG } = adversarialStep(m, real, { seed: 1 })
    expect(tf.memory().numTensors).toBe(n0)
    expect(Number.isFinite(lossD) && Number.isFinite(lossG)).toBe(true)
    const after = m.getWeights()
    expect(after['g/lstm0/kernel'].data).not.toEqual(before['g/lstm0/kernel'].data)
    expect(after['d/fw/lstm0/kernel'].data).not.toEqual(before['d/fw/lstm0/kernel'].data)
    real.dispose()
    m.dispose()
  })
})
