// The starter model shipped in resources/models/starter: it loads, materialises as a run, and samples
// deterministically (same seed → same MIDI) through the ordinary sampler, without leaking tensors.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadRunModel, sample } from '../sampling/sample'
import {
  hasStarterModel,
  loadStarterModel,
  runDirOrStarter,
  starterModelDir,
  starterRunDir,
} from './starterModel'

let cache = ''
beforeAll(async () => {
  await tf.setBackend('cpu')
  cache = mkdtempSync(join(tmpdir(), 'crnngan-starter-cache-'))
})
afterAll(() => rmSync(cache, { recursive: true, force: true }))

describe('shipped starter model', () => {
  it('is present in resources/models/starter', () => {
    expect(starterModelDir()).toMatch(/resources[/\\]models[/\\]starter$/)
    expect(hasStarterModel()).toBe(true)
  })

  it('loads with the paper-shaped spec (F = 4) and every weight finite', async () => {
    const before = tf.memory().numTensors
    const s = await loadStarterModel()
    try {
      expect(s.spec.features).toBe(4)
      expect(s.spec.hidden).toBe(s.config.model.hidden)
      expect(Object.keys(s.model.getWeights()).sort()).toEqual(s.weights.map((w) => w.name).sort())
      for (const w of s.weights) expect(w.data.every(Number.isFinite)).toBe(true)
    } finally {
      s.model.dispose()
    }
    expect(tf.memory().numTensors).toBe(before)
  })

  it('materialises as a run once and samples byte-identical MIDI for the same seed (2 × 16 events)', async () => {
    const runDir = await starterRunDir({ cacheDir: cache })
    expect(existsSync(join(runDir, 'run.json'))).toBe(true)
    expect(await starterRunDir({ cacheDir: cache })).toBe(runDir)
    expect(await runDirOrStarter(undefined, cache)).toBe(runDir)
    const run = await loadRunModel(runDir, 'latest')
    const shipped = await loadStarterModel()
    expect(run.epoch).toBe(shipped.manifest.epoch)
    expect(run.model.getWeights()['g/out/kernel'].data).toEqual(
      shipped.weights.find((w) => w.name === 'g/out/kernel')?.data,
    )
    run.model.dispose()
    shipped.model.dispose()

    const before = tf.memory().numTensors
    const opts = { runDir, checkpoint: 'latest' as const, seed: 11, count: 2, length: 16 }
    const a = await sample(opts)
    const b = await sample(opts)
    const c = await sample({ ...opts, seed: 12 })
    expect(tf.memory().numTensors).toBe(before)
    expect(a.candidates.map((x) => x.midi)).toEqual(b.candidates.map((x) => x.midi))
    expect(a.candidates[0].midi).not.toEqual(c.candidates[0].midi)
    // The samples are music, not silence: some note-ons in each candidate.
    for (const x of a.candidates)
      expect(x.song.tracks.reduce((n, t) => n + t.notes.length, 0)).toBeGreaterThan(0)
  })
})
