// Sampling requests against the WebAssembly kernel's memory (issue #10 item 11): count 24–32 × length 3,000–4,096 of
// the paper model trapped with "memory access out of bounds". The need is now computed before any work: the largest
// request that fits runs, one more phrase is refused with the largest count × length, and a later small one works.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateSampleSchema } from '../../common/ipc/training'
import { makeConfig } from '../config/presets'
import { implementationFor } from '../model/impls'
import { getKernel, KERNEL_ARENA_LIMIT, setKernelArenaLimit } from '../ops/wasm/kernel'
import { callBytes, checkSampleFits, pinnedBytes, type KernelDims } from '../ops/wasm/kernelBudget'
import { buildModel } from '../training/modelFactory'
import { NetOptimizer } from '../training/optim'
import { RunState } from '../training/runState'
import { sample } from './sample'

const runDir = mkdtempSync(join(tmpdir(), 'crnngan-budget-'))
const config = makeConfig('tiny', { model: { hidden: 8 } })
const tiny: KernelDims = { F: 4, H: 8, layersG: config.model.layersG, layersD: config.model.layersD }
beforeAll(async () => {
  await tf.setBackend('cpu')
  const model = buildModel(config)
  const opt = [new NetOptimizer('adam', 0.1), new NetOptimizer('adam', 0.1)] as const
  await new RunState(runDir, config, model, ...opt).restoreOrInit()
  ;[model, ...opt].forEach((x) => x.dispose())
})
afterAll(() => {
  setKernelArenaLimit(KERNEL_ARENA_LIMIT)
  rmSync(runDir, { recursive: true, force: true })
})

describe('sampling within the kernel memory budget', () => {
  it('runs the largest request that fits, refuses one more phrase clearly, then serves a small one', async () => {
    expect(implementationFor('auto').name).toBe('kernel')
    // A 12 MiB arena makes "the largest request" small enough to run here; the arithmetic is the same at 2 GiB.
    setKernelArenaLimit(12 * 2 ** 20)
    const length = 6000
    const fixed = getKernel()!.reservedBytes + pinnedBytes(tiny)
    let count = 0
    while (fixed + callBytes(tiny, count + 1, length, false) <= 12 * 2 ** 20) count++
    expect(count).toBeGreaterThanOrEqual(1)
    const ok = await sample({ runDir, checkpoint: 'latest', seed: 1, count, length, outputs: ['cells'] })
    expect(ok.candidates).toHaveLength(count)
    expect(ok.candidates[0].cells.shape).toEqual([length, 4])
    await expect(
      sample({ runDir, checkpoint: 'latest', seed: 1, count: count + 1, length, outputs: [] }),
    ).rejects.toThrow(
      new RegExp(
        `${count + 1} × ${length} cells need \\d+ MiB of the sampling kernel's 12 MiB memory for this model: at length ${length} at most ${count} phrases? fits? \\(count × length ≤ [\\d,]+\\)`,
      ),
    )
    setKernelArenaLimit(KERNEL_ARENA_LIMIT)
    const small = await sample({
      runDir,
      checkpoint: 'latest',
      seed: 2,
      count: 2,
      length: 16,
      rank: true,
      outputs: [],
    })
    expect(small.candidates).toHaveLength(2)
  }, 60_000)

  it('the paper model: the issue’s 32 × 4096 is refused up front, naming the largest that fits', () => {
    const p = makeConfig('paper').model
    const paper: KernelDims = {
      F: 3 * p.tonesPerCell + 1,
      H: p.hidden,
      layersG: p.layersG,
      layersD: p.layersD,
    }
    const reserved = getKernel()!.reservedBytes
    let message = ''
    try {
      checkSampleFits(paper, { count: 32, length: 4096, rank: false }, reserved)
    } catch (err) {
      message = (err as Error).message
    }
    const m =
      /^32 × 4096 cells need (\d+) MiB of the sampling kernel's 2032 MiB memory for this model: at length 4096 at most (\d+) phrases fit \(count × length ≤ ([\d,]+)\)/.exec(
        message,
      )
    expect(m, message).not.toBeNull()
    const [most, cells] = [Number(m![2]), Number(m![3].replace(/,/g, ''))]
    // What it names fits; one more does not; the IPC schema still accepts the request, so the engine is what says no.
    expect(() => checkSampleFits(paper, { count: most, length: 4096, rank: false }, reserved)).not.toThrow()
    expect(() => checkSampleFits(paper, { count: most + 1, length: 4096, rank: false }, reserved)).toThrow()
    expect(() => checkSampleFits(paper, { count: 1, length: cells, rank: false }, reserved)).not.toThrow()
    expect(generateSampleSchema.safeParse({ runId: 'r', count: 32, seed: 1, length: 4096 }).success).toBe(
      true,
    )
    // Every request of the app's default shape (its training length, the schema's 32 phrases) fits, ranked too.
    expect(() =>
      checkSampleFits(paper, { count: 32, length: makeConfig('paper').data.maxLength, rank: true }, reserved),
    ).not.toThrow()
  })

  // A training step's fused D pass keeps its activations in the arena for its backward (until the next step's), so
  // a request sampled between steps has less room: the budget must start where the free arena really starts.
  it('counts a fused D pass’s held activations as reserved', () => {
    const K = getKernel()!
    const model = buildModel(config)
    const x = tf.randomUniform([4, 16, 4], 0, 1, 'float32', 1) as tf.Tensor3D
    const free = (): number => (K.reset(), K.alloc(1).ptr)
    const before = K.reservedBytes
    const { value, grads } = tf.variableGrads(() => {
      const o = model.discriminateStep(x, x, {
        dropout: true,
        seedReal: 1,
        seedFake: 2,
        frozenD: false,
        withG: false,
      })
      return tf.add(tf.sum(o.real.prob), tf.sum(o.fake.prob)) as tf.Scalar
    }, model.dVars)
    tf.dispose([value, ...Object.values(grads)])
    expect(K.holding).toBe(true)
    expect(K.reservedBytes).toBeGreaterThan(before)
    expect(free()).toBeLessThanOrEqual(K.reservedBytes + pinnedBytes(tiny))
    K.release()
    expect(K.reservedBytes).toBe(before)
    expect(free()).toBeLessThanOrEqual(K.reservedBytes + pinnedBytes(tiny))
    K.reset()
    x.dispose()
    model.dispose()
  })
})
