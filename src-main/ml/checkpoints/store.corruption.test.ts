// Damaged checkpoints (issue #10 item 2): eleven kinds of corruption of a run's newest checkpoint or its index. Each
// must be detected (a warning or error naming the file), and resume, sampling and NaN rollback must fall back to the
// newest valid checkpoint. With no valid checkpoint left, resume and `crnngan sample` fail clearly, exit non-zero and
// write no MIDI.
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../cli/main'
import { makeConfig } from '../config/presets'
import type { TrainConfig } from '../config/trainConfig'
import { sample } from '../sampling/sample'
import { buildModel } from '../training/modelFactory'
import { NetOptimizer } from '../training/optim'
import { RunState, type MutableState } from '../training/runState'

const root = mkdtempSync(join(tmpdir(), 'crnngan-corrupt-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(async () => {
  await tf.setBackend('cpu')
})

const config: TrainConfig = makeConfig('tiny', { model: { hidden: 8 }, schedule: { keepLast: 5 } })
const model = buildModel(config)
const optG = new NetOptimizer(config.optim.kind, config.optim.lrG)
const optD = new NetOptimizer(config.optim.kind, config.optim.lrD)
afterAll(() => [model, optG, optD].forEach((x) => x.dispose()))
const runState = (dir: string, warnings: string[] = []) =>
  new RunState(dir, config, model, optG, optD, (m) => warnings.push(m))
const at = (st: MutableState, epoch: number, lrG: number): MutableState =>
  Object.assign(st, { epoch, step: 0, globalStep: epoch * 5, validationLoss: 3 - epoch, lrG })

/** A run with checkpoints after epochs 0 (initial), 1 (lrG 0.01) and 2 (lrG 0.02, the newest). */
const template = join(root, 'template')
beforeAll(async () => {
  const rs = runState(template)
  const st = await rs.restoreOrInit()
  await rs.save(at(st, 1, 0.01), 'periodic')
  await rs.save(at(st, 2, 0.02), 'periodic')
})
const ck = (dir: string, epoch: number) => join(dir, 'checkpoints', `e000${epoch}-s00000`)
const meta = (dir: string) => JSON.parse(readFileSync(join(ck(dir, 2), 'meta.json'), 'utf8'))
const setMeta = (dir: string, m: unknown) => writeFileSync(join(ck(dir, 2), 'meta.json'), JSON.stringify(m))
const flipByte = (file: string, offset: number) => {
  const b = readFileSync(file)
  b[offset] ^= 0x40
  writeFileSync(file, b)
}

/** Each corruption, what names it (in a warning or error), and the epoch a recovery resumes from. */
const corruptions: {
  name: string
  damage: (dir: string) => void
  names: RegExp
  recoverTo: number
  sampleFrom?: number
}[] = [
  {
    name: 'truncated weights',
    damage: (d) => truncateSync(join(ck(d, 2), 'weights.bin'), 100),
    names: /e0002-s00000[\\/]weights\.bin: truncated/,
    recoverTo: 1,
  },
  {
    name: 'flipped byte',
    damage: (d) => flipByte(join(ck(d, 2), 'weights.bin'), 1001),
    names: /e0002-s00000[\\/]weights\.bin: sha256 does not match/,
    recoverTo: 1,
  },
  {
    name: 'missing meta',
    damage: (d) => rmSync(join(ck(d, 2), 'meta.json')),
    names: /e0002-s00000[\\/]meta\.json: the file is missing/,
    recoverTo: 1,
  },
  {
    name: 'bad JSON',
    damage: (d) => writeFileSync(join(ck(d, 2), 'meta.json'), '{"type": "crnngan-checkpoint", '),
    names: /e0002-s00000[\\/]meta\.json: not valid JSON/,
    recoverTo: 1,
  },
  {
    name: 'wrong shapes',
    damage: (d) => {
      const m = meta(d)
      const out = m.weights.find((w: { name: string }) => w.name === 'g/out/kernel')
      out.shape = [...out.shape].reverse()
      setMeta(d, m)
    },
    names:
      /e0002-s00000[\\/]weights\.bin: 'g\/out\/kernel' has shape \[4, 8\], the saved model needs \[8, 4\]/,
    recoverTo: 1,
  },
  {
    // Saved that way (checksum made over the NaN), as a diverged run could have: only the value check sees it.
    name: 'NaN in weights',
    damage: (d) => {
      const file = join(ck(d, 2), 'weights.bin')
      const b = readFileSync(file)
      new DataView(b.buffer, b.byteOffset).setFloat32(40, NaN, true)
      writeFileSync(file, b)
      const m = meta(d)
      if (m.files) m.files.weights.sha256 = createHash('sha256').update(b).digest('hex')
      setMeta(d, m)
    },
    names: /e0002-s00000[\\/]weights\.bin: '[^']+' holds non-finite values/,
    recoverTo: 1,
  },
  {
    name: 'missing optimizer',
    damage: (d) => rmSync(join(ck(d, 2), 'optimizer.bin')),
    names: /e0002-s00000[\\/]optimizer\.bin: the file is missing/,
    recoverTo: 1,
    sampleFrom: 2, // sampling reads only the weights, which are intact
  },
  {
    name: 'empty file',
    damage: (d) => writeFileSync(join(ck(d, 2), 'weights.bin'), ''),
    names: /e0002-s00000[\\/]weights\.bin: truncated or padded: 0 bytes/,
    recoverTo: 1,
  },
  {
    // The index is rebuilt from the folders' meta.json: nothing is lost, the newest checkpoint is used.
    name: 'zero-length run.json',
    damage: (d) => writeFileSync(join(d, 'run.json'), ''),
    names: /run\.json: not valid JSON \(the file is empty\)/,
    recoverTo: 2,
  },
  {
    name: 'run.json pointing to a missing folder',
    damage: (d) => {
      const idx = JSON.parse(readFileSync(join(d, 'run.json'), 'utf8'))
      const last = idx.checkpoints.at(-1)
      idx.checkpoints.push({ ...last, name: 'e0003-s00000', epoch: 3, globalStep: 15 })
      writeFileSync(join(d, 'run.json'), JSON.stringify(idx))
    },
    names: /e0003-s00000: listed in run\.json but the folder is missing/,
    recoverTo: 2,
  },
  {
    name: 'meta from a newer version',
    damage: (d) => setMeta(d, { ...meta(d), version: 99 }),
    names: /e0002-s00000[\\/]meta\.json: checkpoint version 99 is newer than supported/,
    recoverTo: 1,
  },
]

/** Resume, sample and roll back on a damaged copy; returns [detected, recovered] and what went wrong. */
async function probe(
  c: (typeof corruptions)[number],
): Promise<{ detected: boolean; recovered: boolean; log: string[] }> {
  const dir = join(root, c.name.replace(/\W+/g, '-'))
  cpSync(template, dir, { recursive: true })
  c.damage(dir)
  const log: string[] = []
  let recovered = true
  try {
    const st = await runState(dir, log).restoreOrInit()
    if (st.epoch !== c.recoverTo || st.lrG !== [config.optim.lrG, 0.01, 0.02][c.recoverTo]) {
      recovered = false
      log.push(`resumed epoch ${st.epoch} lrG ${st.lrG}`)
    }
    // A rollback (NaN loss) right after must land on a valid checkpoint too, never the damaged one.
    const rs = runState(dir, log)
    await rs.restoreOrInit()
    const back = await rs.rollback({ ...st })
    if (!back.endsWith(`e000${c.recoverTo}-s00000`)) recovered = false
    const r = await sample({ runDir: dir, checkpoint: 'latest', seed: 3, count: 1, length: 4, outputs: [] })
    log.push(...(r.warnings ?? []))
    if (r.checkpointEpoch !== (c.sampleFrom ?? c.recoverTo)) recovered = false
  } catch (err) {
    recovered = false
    log.push((err as Error).message)
  }
  return { detected: log.some((l) => c.names.test(l)), recovered, log }
}

describe('damaged checkpoints', () => {
  it('each of 11 corruptions is detected, named, and recovered from the newest valid checkpoint', async () => {
    const results = []
    for (const c of corruptions) results.push({ name: c.name, ...(await probe(c)) })
    const detected = results.filter((r) => r.detected).length
    const recovered = results.filter((r) => r.recovered).length
    console.log(
      `corruptions: ${detected}/${results.length} detected, ${recovered}/${results.length} recovered`,
    )
    expect(results.filter((r) => !r.detected || !r.recovered)).toEqual([])
  }, 60_000)

  it('a run with no valid checkpoint fails clearly: resume refuses, `crnngan sample` exits 1 and writes nothing', async () => {
    const dir = join(root, 'all-bad')
    cpSync(template, dir, { recursive: true })
    for (const e of [0, 1, 2]) flipByte(join(ck(dir, e), 'weights.bin'), 12)
    await expect(runState(dir).restoreOrInit()).rejects.toThrow(
      /has no usable checkpoint:\n.*e0002-s00000[\\/]weights\.bin: sha256[^]*e0000-s00000[\\/]weights\.bin: sha256[^]*nothing to resume from/,
    )
    const out = join(root, 'all-bad-out')
    const err: string[] = []
    const write = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((s: string) => err.push(String(s)) > 0) as typeof process.stderr.write
    let code: number
    try {
      code = await main([
        'sample',
        '--run',
        dir,
        '--seed',
        '1',
        '--count',
        '2',
        '--length',
        '8',
        '--out',
        out,
      ])
    } finally {
      process.stderr.write = write
    }
    expect(code).toBe(1)
    expect(err.join('')).toMatch(/crnngan sample: run '.*all-bad' has no usable checkpoint/)
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  })
})
