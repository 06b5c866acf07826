import { promises as fs, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { makeConfig } from '../config/presets'
import { packArrays, unpackArrays } from './binary'
import { loadValidCheckpoint, resolveCheckpoint } from './select'
import { cleanRun, readIndex, saveCheckpoint } from './store'
import { weightsOf, stateAt as state } from './testing/fixture'
import { loadCheckpoint } from './verify'

const dirs: string[] = []
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'crnngan-ckpt-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const weights = (x: number) => weightsOf(makeConfig('tiny'), x)

describe('checkpoint store', () => {
  it('round-trips weights, optimizer slots, state (NaN kept) and config', async () => {
    const dir = tmp()
    const config = makeConfig('tiny')
    const optimizer = [{ name: 'g/iter', shape: [], data: Float32Array.from([3]) }]
    await saveCheckpoint(
      dir,
      { config, state: state(2, 0.5), weights: weights(7.25), optimizer },
      'periodic',
      3,
    )
    const ck = await loadCheckpoint(await resolveCheckpoint(dir, 'latest'))
    expect(ck.config).toEqual(config)
    expect(ck.state.prevD).toBe(1.5)
    expect(ck.state.prevG).toBeNaN()
    expect(ck.state.epoch).toBe(2)
    expect(ck.weights).toEqual(weights(7.25))
    expect(ck.optimizer).toEqual(optimizer)
    expect(readdirSync(join(dir, 'checkpoints')).filter((n) => n.startsWith('.'))).toEqual([])
  })

  it('keeps the last K plus the best by validation loss, and resolves latest/best/N', async () => {
    const dir = tmp()
    const config = makeConfig('tiny')
    const losses = [5, 1, 4, 3, 6]
    for (const [i, v] of losses.entries())
      await saveCheckpoint(
        dir,
        { config, state: state(i + 1, v), weights: weights(i), optimizer: [] },
        'periodic',
        2,
      )
    const idx = await readIndex(dir)
    expect(idx.checkpoints.map((c) => c.epoch)).toEqual([2, 4, 5])
    expect(readdirSync(join(dir, 'checkpoints')).sort()).toEqual([
      'e0002-s00000',
      'e0004-s00000',
      'e0005-s00000',
    ])
    expect(await resolveCheckpoint(dir, 'best')).toMatch(/e0002-s00000$/)
    expect(await resolveCheckpoint(dir, 4)).toMatch(/e0004-s00000$/)
    await expect(resolveCheckpoint(dir, 3)).rejects.toThrow(
      /no checkpoint '3' \(checkpoints at epochs: 2, 4, 5\)/,
    )
    await expect(resolveCheckpoint(tmp(), 'latest')).rejects.toThrow(/no checkpoint 'latest'.*none/)
  })

  it('names as best the epoch whose samples scored highest, not a late collapse with a lower loss', async () => {
    const dir = tmp()
    const config = makeConfig('tiny')
    // Epoch 2 sounds best; epochs 4–5 collapse (low scores) while their validation loss keeps falling.
    const rows = [
      [5, 0.41],
      [4, 0.72],
      [3, 0.66],
      [2, 0.3],
      [1, 0.12],
    ]
    for (const [i, [v, score]] of rows.entries())
      await saveCheckpoint(
        dir,
        { config, state: { ...state(i + 1, v), score }, weights: weights(i), optimizer: [] },
        'periodic',
        2,
      )
    const idx = await readIndex(dir)
    expect(idx.best).toBe('e0002-s00000')
    expect(idx.checkpoints.map((c) => [c.epoch, c.score])).toEqual([
      [2, 0.72],
      [4, 0.3],
      [5, 0.12],
    ])
    expect(await resolveCheckpoint(dir, 'best')).toMatch(/e0002-s00000$/)
    expect((await loadCheckpoint(await resolveCheckpoint(dir, 'best'))).state.score).toBe(0.72)

    // The same pick when run.json is lost and rebuilt from the folders' meta.json.
    rmSync(join(dir, 'run.json'))
    await cleanRun(dir)
    expect((await readIndex(dir)).best).toBe('e0002-s00000')
  })

  it('reads a run.json written before scores were kept, and a scored save then becomes best', async () => {
    const dir = tmp()
    const config = makeConfig('tiny')
    await saveCheckpoint(
      dir,
      { config, state: state(1, 0.5), weights: weights(1), optimizer: [] },
      'periodic',
      3,
    )
    const path = join(dir, 'run.json')
    const old = JSON.parse(readFileSync(path, 'utf8')) as { checkpoints: Record<string, unknown>[] }
    for (const c of old.checkpoints) delete c.score
    writeFileSync(path, JSON.stringify(old))
    expect((await readIndex(dir)).best).toBe('e0001-s00000')
    const saved = await saveCheckpoint(
      dir,
      { config, state: { ...state(2, 0.9), score: 0.4 }, weights: weights(2), optimizer: [] },
      'periodic',
      3,
    )
    expect(saved.isBest).toBe(true)
    expect((await readIndex(dir)).best).toBe('e0002-s00000')
  })

  it('refuses a newer checkpoint version and a truncated weight blob, naming the file', async () => {
    const dir = tmp()
    await saveCheckpoint(
      dir,
      { config: makeConfig('tiny'), state: state(1, 1), weights: weights(1), optimizer: [] },
      'stop',
      2,
    )
    const path = await resolveCheckpoint(dir, 'latest')
    writeFileSync(join(path, 'weights.bin'), new Uint8Array(8))
    await expect(loadCheckpoint(path)).rejects.toThrow(
      /weights\.bin: truncated or padded: 8 bytes, meta\.json recorded \d+/,
    )
    const meta = JSON.parse(readFileSync(join(path, 'meta.json'), 'utf8'))
    writeFileSync(join(path, 'meta.json'), JSON.stringify({ ...meta, version: 99 }))
    await expect(loadCheckpoint(path)).rejects.toThrow(/meta\.json: checkpoint version 99 is newer/)
  })

  it('a reader racing a save that removes the folder it was reading finds the new one, reporting no damage', async () => {
    const dir = tmp()
    const config = makeConfig('tiny')
    const save = (e: number) =>
      saveCheckpoint(
        dir,
        { config, state: state(e, 3 - e), weights: weights(e), optimizer: [] },
        'periodic',
        1,
      )
    await save(1)
    const path1 = await resolveCheckpoint(dir, 'latest')
    // The moment the reader opens e0001's meta.json, another process saves e0002 and (keepLast 1) removes e0001.
    const real = fs.readFile.bind(fs)
    let raced = false
    const spy = vi.spyOn(fs, 'readFile').mockImplementation((async (
      ...args: Parameters<typeof fs.readFile>
    ) => {
      if (!raced && String(args[0]).startsWith(path1)) {
        raced = true
        spy.mockRestore()
        await save(2)
      }
      return real(...args)
    }) as typeof fs.readFile)
    const skips: string[] = []
    const got = await loadValidCheckpoint(dir, 'latest', { onSkip: (s) => skips.push(s.reason) })
    spy.mockRestore()
    expect(raced).toBe(true)
    expect(got.path).toMatch(/e0002-s00000$/)
    expect(got.data.state.epoch).toBe(2)
    expect(skips).toEqual([])
  })

  it('packs little-endian float32 and rejects shape mismatches', () => {
    const { bytes, manifest } = packArrays([{ name: 'x', shape: [2], data: Float32Array.from([1, -2]) }])
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 0x80, 0x3f])
    expect(unpackArrays(bytes, manifest, 'x.bin')[0].data).toEqual(Float32Array.from([1, -2]))
    expect(() => packArrays([{ name: 'y', shape: [3], data: new Float32Array(2) }])).toThrow(
      /'y': shape \[3\] needs 3/,
    )
  })
})
