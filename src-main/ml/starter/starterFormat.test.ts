// Starter folder format: write → read round trip of a small model's weights, damage and version checks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeConfig } from '../config/presets'
import { buildModel, toModelSpec } from '../training/modelFactory'
import { weightsToArrays } from '../training/runState'
import { readStarter, STARTER_FILES, writeStarter } from './starterFormat'

let dir = ''
beforeAll(async () => {
  await tf.setBackend('cpu')
  dir = mkdtempSync(join(tmpdir(), 'crnngan-starter-format-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const config = makeConfig('tiny', { model: { hidden: 8 } })

async function writeTiny(to: string) {
  const model = buildModel(config)
  const weights = weightsToArrays(model.getWeights())
  model.dispose()
  const manifest = await writeStarter(to, {
    name: 'tiny',
    createdAt: '2026-01-01T00:00:00.000Z',
    epoch: 3,
    globalStep: 30,
    sourceCheckpoint: 'e0003-s00000',
    validationLoss: 1.5,
    config,
    spec: toModelSpec(config),
    weights,
  })
  return { weights, manifest }
}

describe('starter format', () => {
  it('round-trips config, spec and weights (float16: within 2^-11 relative)', async () => {
    const to = join(dir, 'ok')
    const { weights, manifest } = await writeTiny(to)
    const total = weights.reduce((n, w) => n + w.data.length, 0)
    expect(manifest.weights.bytes).toBe(2 * total)
    const back = await readStarter(to)
    expect(back.config).toEqual(config)
    expect(back.spec).toEqual(toModelSpec(config))
    expect(back.manifest.epoch).toBe(3)
    expect(back.weights.map((w) => [w.name, w.shape])).toEqual(weights.map((w) => [w.name, [...w.shape]]))
    for (const [i, w] of weights.entries())
      for (let j = 0; j < w.data.length; j++)
        expect(Math.abs(back.weights[i].data[j] - w.data[j])).toBeLessThanOrEqual(
          Math.abs(w.data[j]) * 2 ** -11 + 1e-7,
        )
  })

  it('refuses damaged weights and newer manifests, naming the file', async () => {
    const to = join(dir, 'bad')
    await writeTiny(to)
    const wPath = join(to, STARTER_FILES.weights)
    const bytes = readFileSync(wPath)
    bytes[10] ^= 0xff
    writeFileSync(wPath, bytes)
    await expect(readStarter(to)).rejects.toThrow(/weights\.f16\.bin: size or sha256/)
    const mPath = join(to, STARTER_FILES.manifest)
    writeFileSync(mPath, JSON.stringify({ ...JSON.parse(readFileSync(mPath, 'utf8')), version: 99 }))
    await expect(readStarter(to)).rejects.toThrow(/version 99 is newer/)
    writeFileSync(mPath, '{"format":"other"}')
    await expect(readStarter(to)).rejects.toThrow(/manifest\.json: not a starter manifest/)
  })
})
