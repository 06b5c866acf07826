// Primed continuation: the first generated cell must follow the primer's last cell (audit fix of an off-by-one).
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel } from '../model/index'
import { defaultSpec } from '../model/spec'
import type { CrnnGan } from '../model/types'
import { generateCells } from './generateCells'

let model: CrnnGan
beforeAll(async () => {
  await tf.setBackend('cpu')
  model = createModel(defaultSpec(1, { hidden: 8 }), { seed: 3 })
})
afterAll(() => model.dispose())

const F = 4
const base = { count: 2, length: 7, seed: 11, noiseScale: 1 }

describe('generateCells with a primer', () => {
  for (const dropout of [false, true]) {
    it(`priming with G's own first P outputs reproduces the unprimed sequence (dropout ${dropout})`, () => {
      const free = generateCells(model, { ...base, count: 1, dropout })
      for (const P of [1, 3, 6]) {
        const primed = generateCells(model, { ...base, count: 1, dropout, primer: free.slice(0, P * F) })
        // Teacher forcing with G's own outputs is free running: every cell after the primer must match.
        Array.from(primed).forEach((v, i) => expect(v).toBeCloseTo(free[i], 4))
      }
    })
  }

  it("the first generated cell depends on the primer's last cell", () => {
    const before = tf.memory().numTensors
    const p1 = Float32Array.from([0, 96, 440, 64, 96, 96, 494, 64, 96, 96, 523, 64])
    const p2 = p1.slice()
    p2.set([48, 300, 20], 9) // change only the last primer cell
    const a = generateCells(model, { ...base, dropout: false, primer: p1 })
    const b = generateCells(model, { ...base, dropout: false, primer: p2 })
    expect(Array.from(a.slice(3 * F, 4 * F))).not.toEqual(Array.from(b.slice(3 * F, 4 * F)))
    expect(Array.from(a.slice(0, 3 * F))).toEqual(Array.from(p1))
    expect(tf.memory().numTensors).toBe(before)
  })
})
