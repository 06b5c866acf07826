import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import { syntheticSongs } from '../training/testData'
import { Trainer } from '../training/trainer'
import { buildMemorisationIndex } from './memorisation'
import { sample } from './sample'

let runDir = ''
const songs = syntheticSongs(12, 40)
beforeAll(async () => {
  await tf.setBackend('cpu')
  runDir = mkdtempSync(join(tmpdir(), 'crnngan-sample-'))
  const config = makeConfig('tiny', {
    model: { hidden: 8 },
    schedule: { epochs: 2, pretrainEpochs: 1, samplesPerEpoch: 0 },
  })
  const t = new Trainer({ config, songs, runDir, runId: 'r', backend: 'cpu', emit: () => {} })
  await t.run()
  t.dispose()
})
afterAll(() => rmSync(runDir, { recursive: true, force: true }))

const base = {
  checkpoint: 'latest' as const,
  seed: 42,
  count: 3,
  length: 12,
  outputs: ['song', 'midi', 'cells'] as const,
}

describe('sample', () => {
  it('same checkpoint + seed + settings → byte-identical MIDI; another seed differs; no tensor leaks', async () => {
    const before = tf.memory().numTensors
    const a = await sample({ runDir, ...base })
    const b = await sample({ runDir, ...base })
    expect(tf.memory().numTensors).toBe(before)
    expect(a.checkpointEpoch).toBe(2)
    expect(a.candidates).toHaveLength(3)
    a.candidates.forEach((c, i) => {
      expect(c.midi).toEqual(b.candidates[i].midi)
      expect(c.cells.shape).toEqual([12, 4])
      expect(c.song.tracks.length).toBeGreaterThan(0)
    })
    const c = await sample({ runDir, ...base, seed: 43 })
    expect(c.candidates[0].cells.data).not.toEqual(a.candidates[0].cells.data)
  })

  it('partial reroll keeps the first k steps and redraws the rest', async () => {
    const k = 5
    const a = await sample({ runDir, ...base, prefixLockSteps: k, tailSeed: 1 })
    const b = await sample({ runDir, ...base, prefixLockSteps: k, tailSeed: 2 })
    const head = (x: typeof a, c: number) => x.candidates[c].cells.data.slice(0, k * 4)
    const tail = (x: typeof a, c: number) => x.candidates[c].cells.data.slice(k * 4)
    for (let c = 0; c < 3; c++) {
      expect(head(a, c)).toEqual(head(b, c))
      expect(tail(a, c)).not.toEqual(tail(b, c))
    }
  })

  it('continues a primer: the output starts with the primer cells', async () => {
    const primer = songs[0].cells.slice(0, 4 * 4)
    const r = await sample({ runDir, ...base, primer: { cells: primer } })
    for (const c of r.candidates) expect(c.cells.data.slice(0, 16)).toEqual(primer)
    // The primer's notes come back at their own pitches in the run's 'faithful' (int()) pitch mode too.
    let tick = 0
    const want = Array.from({ length: 4 }, (_, i) => {
      tick += primer[i * 4]
      return { pitch: Math.round(69 + 12 * Math.log2(primer[i * 4 + 2] / 440)), startTick: tick }
    })
    for (const c of r.candidates)
      for (const w of want) expect(c.song.tracks[0].notes).toContainEqual(expect.objectContaining(w))
    await expect(sample({ runDir, ...base, primer: { cells: songs[0].cells } })).rejects.toThrow(
      /primer must hold 1\.\.11 cells/,
    )
  })

  it('ranks by the critic (dropout off), best first, and reports memorisation per candidate', async () => {
    const index = buildMemorisationIndex(songs, 4)
    const r = await sample({ runDir, ...base, count: 5, rank: true, memorisation: index })
    const scores = r.candidates.map((c) => c.score!)
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true)
    expect([...scores].sort((x, y) => y - x)).toEqual(scores)
    expect(new Set(r.candidates.map((c) => c.index)).size).toBe(5)
    for (const c of r.candidates) expect(c.memorisation!.longestRun).toBeGreaterThanOrEqual(0)
  })

  it('makes only the outputs asked for; defaults in one place: the run’s training length, noise 1, dropout on', async () => {
    const trained = makeConfig('tiny').data.maxLength
    const { seed, count } = base
    const given = { runDir, checkpoint: 'latest' as const, seed, count, outputs: ['cells' as const] }
    const explicit = await sample({ ...given, length: trained, noiseScale: 1, dropout: true })
    let seen: unknown = null
    const r = await sample({
      ...given,
      // Built from the config of the checkpoint that is sampled (read once), not from a second read.
      memorisation: async (config) => {
        seen = config.model.tonesPerCell
        return buildMemorisationIndex(songs, 4)
      },
    })
    expect(seen).toBe(1)
    r.candidates.forEach((c, i) => {
      expect(Object.keys(c).sort()).toEqual(['cells', 'index', 'memorisation', 'seed'])
      expect(c.cells.shape).toEqual([trained, 4])
      expect(c.cells.data).toEqual(explicit.candidates[i].cells.data)
    })
  })

  it('names the run folder when it has no checkpoint', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'crnngan-empty-'))
    await expect(sample({ runDir: empty, ...base })).rejects.toThrow(
      new RegExp(`run '${empty}' has no checkpoint 'latest'`),
    )
    rmSync(empty, { recursive: true })
  })
})
