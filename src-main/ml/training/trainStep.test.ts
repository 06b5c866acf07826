import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import { fromModelSpace, toModelSpace } from './features'
import { buildModel } from './modelFactory'
import { clipByGlobalNorm, NetOptimizer } from './optim'
import { detach, runBatch } from './trainStep'
import { syntheticSongs } from './testData'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const config = makeConfig('tiny', { model: { hidden: 8 } })
const batch = (): Float32Array => {
  const s = syntheticSongs(4, 6)
  const out = new Float32Array(4 * 6 * 4)
  s.forEach((x, i) => out.set(x.cells, i * 24))
  return out
}
const snapshot = (vars: tf.Variable[]): Float32Array[] => vars.map((v) => Float32Array.from(v.dataSync()))
const changed = (a: Float32Array[], vars: tf.Variable[]): boolean =>
  vars.some((v, i) => v.dataSync().some((x, j) => x !== a[i][j]))

describe('training steps', () => {
  it('a frozen network is not updated; an unfrozen one is; tensors do not leak', async () => {
    const model = buildModel(config)
    const [optG, optD] = [new NetOptimizer('sgd', 0.1), new NetOptimizer('sgd', 0.05)]
    const before = tf.memory().numTensors
    const step = { batch: batch(), length: 6, epoch: 1, step: 0, phase: 'adversarial' as const }
    let g = snapshot(model.gVars)
    let d = snapshot(model.dVars)
    const onlyD = await runBatch(model, config, { ...step, optG: null, optD })
    expect(changed(g, model.gVars)).toBe(false)
    expect(changed(d, model.dVars)).toBe(true)
    expect(onlyD[2]).toBeNaN() // no feature-matching loss when G is frozen
    g = snapshot(model.gVars)
    d = snapshot(model.dVars)
    const onlyG = await runBatch(model, config, { ...step, optG, optD: null })
    expect(changed(g, model.gVars)).toBe(true)
    expect(changed(d, model.dVars)).toBe(false)
    expect(onlyG.every(Number.isFinite)).toBe(true)
    expect(tf.memory().numTensors).toBe(before)
    optG.dispose()
    optD.dispose()
    model.dispose()
  })

  it('the same (epoch, step) draws the same noise and masks: identical losses from identical weights', async () => {
    const a = buildModel(config)
    const b = buildModel(config)
    const step = {
      batch: batch(),
      length: 6,
      epoch: 2,
      step: 3,
      phase: 'adversarial' as const,
      optG: null,
      optD: null,
    }
    expect(await runBatch(a, config, step)).toEqual(await runBatch(b, config, step))
    const other = await runBatch(a, config, { ...step, step: 4 })
    expect(other).not.toEqual(await runBatch(b, config, step))
    a.dispose()
    b.dispose()
  })

  it('clips by global norm only above the limit; detach cuts the gradient path', () => {
    const big = { a: tf.tensor([3, 4]), b: tf.tensor([12]) } // norm 13
    const clipped = clipByGlobalNorm(big, 5)
    expect(Array.from(clipped.a.dataSync()).map((x) => +x.toFixed(4))).toEqual([1.1538, 1.5385])
    const small = clipByGlobalNorm({ a: tf.tensor([0.3, 0.4]) }, 5)
    expect(Array.from(small.a.dataSync())).toEqual(Array.from(Float32Array.from([0.3, 0.4])))
    const v = tf.variable(tf.tensor([1, 2]))
    const { value, grads } = tf.variableGrads(() => {
      const y = tf.mul(v, 3)
      return tf.sum(tf.add(tf.square(detach(y)), y))
    }, [v])
    expect(Array.from(grads[v.name].dataSync())).toEqual([3, 3])
    tf.dispose([big.a, big.b, clipped.a, clipped.b, small.a, value, grads[v.name], v])
  })

  it('normalised features invert back to raw units (modern deviation)', () => {
    const raw = syntheticSongs(1, 10)[0].cells
    const back = fromModelSpace(toModelSpace(raw, 4, 'normalized'), 4, 'normalized')
    raw.forEach((x, i) => expect(back[i]).toBeCloseTo(x, 1))
    expect(toModelSpace(raw, 4, 'raw')).toBe(raw)
  })
})
