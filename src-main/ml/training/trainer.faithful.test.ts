// Audit of the trainer's freezing plumbing (spec §4.4): each adversarial batch is decided from the *previous*
// batch's reported losses, both reset to 10 at every epoch start, and a frozen network's weights really stay put.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import type { WeightMap } from '../model/types'
import { FREEZE_RESET_LOSS, decideFreeze, type FreezeDecision } from './freezing'
import { syntheticSongs } from './testData'
import { Trainer } from './trainer'

const dirs: string[] = []
beforeAll(async () => {
  await tf.setBackend('cpu')
})
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

interface Rec {
  epoch: number
  step: number
  losses: readonly number[]
  freeze: FreezeDecision
  dMoved: boolean
  gMoved: boolean
}

const moved = (a: WeightMap, b: WeightMap, prefix: string): boolean =>
  Object.keys(a).some((k) => k.startsWith(prefix) && a[k].data.some((x, i) => x !== b[k].data[i]))

for (const freezing of ['paper', 'codeExact'] as const) {
  it(`${freezing} freezing: previous batch's losses, reset to 10 per epoch, frozen nets unchanged`, async () => {
    // Without L2 the losses sit near L_D ≈ 1.4, L_G ≈ 0.7, where both rules freeze something.
    const config = makeConfig('tiny', {
      model: { hidden: 8 },
      data: { batchSize: 2, maxLength: 8 },
      schedule: { epochs: 3, pretrainEpochs: 1, samplesPerEpoch: 0 },
      optim: { l2: false },
      adversarial: { freezing },
    })
    const runDir = mkdtempSync(join(tmpdir(), 'crnngan-freeze-'))
    dirs.push(runDir)
    const recs: Rec[] = []
    let last: WeightMap | null = null
    const t = new Trainer({
      config,
      songs: syntheticSongs(10, 20),
      runDir,
      runId: 'r',
      backend: 'cpu',
      emit: () => {},
      afterStep: ({ epoch, step, model, losses, freeze }) => {
        const w = model.getWeights()
        if (last)
          recs.push({
            epoch,
            step,
            losses,
            freeze,
            dMoved: moved(w, last, 'd/'),
            gMoved: moved(w, last, 'g/'),
          })
        last = w
      },
    })
    // The first step has no "before" snapshot: take one from the initial weights.
    last = t.model.getWeights()
    expect(await t.run()).toBe('finished')
    t.dispose()
    const adv = recs.filter((r) => r.epoch >= 1)
    expect(adv.length).toBeGreaterThan(4)
    for (const r of recs.filter((x) => x.epoch === 0)) expect([r.dMoved, r.gMoved]).toEqual([false, true])
    let prev: Rec | null = null
    for (const r of adv) {
      const [pd, pg] =
        r.step === 0 || !prev ? [FREEZE_RESET_LOSS, FREEZE_RESET_LOSS] : [prev.losses[0], prev.losses[1]]
      expect(r.freeze, `epoch ${r.epoch} step ${r.step}`).toEqual(decideFreeze(freezing, pd, pg))
      expect(r.dMoved).toBe(!r.freeze.freezeD)
      expect(r.gMoved).toBe(!r.freeze.freezeG)
      prev = r
    }
    // Each epoch's first adversarial batch updates both networks (the reset), and later ones freeze something.
    expect(adv.filter((r) => r.step === 0).every((r) => !r.freeze.freezeD && !r.freeze.freezeG)).toBe(true)
    expect(adv.some((r) => r.freeze.freezeD || r.freeze.freezeG)).toBe(true)
  })
}
