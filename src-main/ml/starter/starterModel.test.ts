// The models shipped in resources/models (the default `starter`, the paper-faithful `starter-paper`): each one present
// loads, materialises as a run, and samples deterministically (same seed → same MIDI) through the ordinary sampler,
// without leaking tensors; a command without --run uses the default, or the other one when a build lacks it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHIPPED_MODEL_NAMES, shippedModel } from '../../common/models/shipped'
import { toModelSpec } from '../config/modelSpec'
import { loadRunModel, sample } from '../sampling/sample'
import { hasShippedModel, presentShippedModels, shippedModelDir } from './locate'
import {
  defaultModelName,
  defaultModelNote,
  loadStarterModel,
  runDirOrStarter,
  starterRunDir,
} from './starterModel'

let cache = ''
beforeAll(async () => {
  await tf.setBackend('cpu')
  cache = mkdtempSync(join(tmpdir(), 'crnngan-starter-cache-'))
})
afterAll(() => rmSync(cache, { recursive: true, force: true }))

describe('shipped models', () => {
  it('each lives in resources/models/<name>; this tree ships the paper model at least', () => {
    for (const name of SHIPPED_MODEL_NAMES)
      expect(shippedModelDir(name)).toMatch(new RegExp(`resources[/\\\\]models[/\\\\]${name}$`))
    expect(hasShippedModel('starter-paper')).toBe(true)
    if (!hasShippedModel('starter'))
      console.warn('resources/models/starter is absent: the studio model is not in this tree yet')
  })

  it('without --run: the default model, else the first one present, with a note saying so', async () => {
    const present = presentShippedModels()
    expect(defaultModelName()).toBe(present.includes('starter') ? 'starter' : present[0])
    if (present.includes('starter')) expect(defaultModelNote()).toBeNull()
    else expect(defaultModelNote()).toMatch(/no starter model \('starter'\); using 'starter-paper'/)
    const dir = await runDirOrStarter(undefined, cache)
    expect(await runDirOrStarter(defaultModelName(), cache)).toBe(dir)
  })
})

describe.each(SHIPPED_MODEL_NAMES.filter((n) => hasShippedModel(n)))('shipped model %s', (name) => {
  const dir = shippedModelDir(name)
  it('loads with a valid spec and every weight finite', async () => {
    const before = tf.memory().numTensors
    const s = await loadStarterModel(dir)
    try {
      // The shipped spec is the one its config maps to (studio feature spaces are wider than 3·K + 1).
      expect(s.spec).toEqual(toModelSpec(s.config))
      expect(Object.keys(s.model.getWeights()).sort()).toEqual(s.weights.map((w) => w.name).sort())
      for (const w of s.weights) expect(w.data.every(Number.isFinite)).toBe(true)
    } finally {
      s.model.dispose()
    }
    expect(tf.memory().numTensors).toBe(before)
    if (name === 'starter-paper') expect(s.config.preset).toBe('paper')
    expect(shippedModel(name)?.folder).toBe(name)
    // "About this model" shows it.
    expect(existsSync(join(dir, 'model-card.md'))).toBe(true)
  })

  it('materialises as a run once and samples byte-identical MIDI for the same seed (2 × 16 events)', async () => {
    const runDir = await starterRunDir({ dir, cacheDir: cache })
    expect(existsSync(join(runDir, 'run.json'))).toBe(true)
    expect(await starterRunDir({ dir, cacheDir: cache })).toBe(runDir)
    expect(await runDirOrStarter(name, cache)).toBe(runDir)
    const run = await loadRunModel(runDir, 'latest')
    const shipped = await loadStarterModel(dir)
    expect(run.epoch).toBe(shipped.manifest.epoch)
    for (const w of [shipped.weights[0], shipped.weights.at(-1)!])
      expect(run.model.getWeights()[w.name].data, w.name).toEqual(w.data)
    run.model.dispose()
    shipped.model.dispose()

    const before = tf.memory().numTensors
    const opts = {
      runDir,
      checkpoint: 'latest' as const,
      seed: 11,
      count: 2,
      length: 16,
      outputs: ['song', 'midi'] as const,
    }
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
