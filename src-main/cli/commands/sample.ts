// `crnngan sample`: generates phrases from a run's checkpoint and writes them as .mid files (optionally ranked by D
// and checked for memorisation against the run's training data).
import { promises as fs } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../../datasets/atomicWrite'
import { selectBackend, type BackendName } from '../../ml/backend/index'
import { runMemorisation } from '../../ml/host/loadData'
import type { CheckpointRef } from '../../ml/host/protocol'
import { sample } from '../../ml/sampling/sample'
import { defaultModelNote, runDirOrStarter } from '../../ml/starter/index'
import type { Command } from '../main'
import { intOption, parseOrHelp, requireOptions, UsageError } from '../usage'

const USAGE = `usage: crnngan sample [--run <runDir>] --seed S --count N --length L --out <dir> [options]

  --run DIR        run folder, or a shipped model: 'starter' (the default when --run is omitted) or
                   'starter-paper' (the paper-faithful one)
  --checkpoint C   latest|best|N (the checkpoint saved after epoch N); default latest
  --rank           score with the discriminator (dropout off) and write best first
  --memorisation   report the longest run of events shared with a training piece
  --noise X        noise scale (default 1)
  --no-dropout     sample with dropout off (the paper keeps it on)
  --backend B      tensorflow-gpu|tensorflow|wasm|cpu
  --json           print the written files as JSON on stdout`

const OPTIONS = {
  run: { type: 'string' },
  checkpoint: { type: 'string' },
  seed: { type: 'string' },
  count: { type: 'string' },
  length: { type: 'string' },
  out: { type: 'string' },
  rank: { type: 'boolean' },
  memorisation: { type: 'boolean' },
  noise: { type: 'string' },
  'no-dropout': { type: 'boolean' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
} as const

/** Parses --checkpoint: 'latest' | 'best' | a non-negative epoch number. */
export function checkpointOption(v: string | undefined): CheckpointRef {
  if (v === undefined || v === 'latest' || v === 'best') return v ?? 'latest'
  return intOption('checkpoint', v, 0, 0)
}

export const sampleCommand: Command = {
  summary: 'generate phrases from a trained run and write .mid files',
  async run(args) {
    const { values } = parseOrHelp(args, OPTIONS, USAGE) ?? {}
    if (!values) return 0
    requireOptions(values, ['seed', 'count', 'length', 'out'], USAGE)
    const note = values.run === undefined ? defaultModelNote() : null
    if (note) process.stderr.write(`${note}\n`)
    const runDir = await runDirOrStarter(values.run)
    const ref = checkpointOption(values.checkpoint)
    const seed = intOption('seed', values.seed, 0, 0, 0xffffffff)
    const count = intOption('count', values.count, 1, 1, 1000)
    const length = intOption('length', values.length, 100, 1, 10_000)
    const noise = values.noise === undefined ? undefined : Number(values.noise)
    if (noise !== undefined && !(noise >= 0 && Number.isFinite(noise)))
      throw new UsageError(`--noise must be a number ≥ 0, got '${values.noise}'`)
    await selectBackend({ prefer: values.backend as BackendName | undefined })
    const memorisation = values.memorisation ? await runMemorisation(runDir) : undefined
    const r = await sample({
      runDir,
      checkpoint: ref,
      seed,
      count,
      length,
      noiseScale: noise,
      dropout: !values['no-dropout'],
      rank: values.rank,
      memorisation,
      outputs: ['midi'],
    })
    for (const w of r.warnings) process.stderr.write(`crnngan sample: warning: ${w}\n`)
    const outDir = resolve(values.out)
    await fs.mkdir(outDir, { recursive: true })
    const written = []
    for (const [rank, c] of r.candidates.entries()) {
      const name = values.rank ? `rank${rank + 1}-seed${seed}-${c.index}.mid` : `seed${seed}-${c.index}.mid`
      await writeFileAtomic(join(outDir, name), c.midi)
      written.push({ file: join(outDir, name), index: c.index, score: c.score, memorisation: c.memorisation })
    }
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ checkpointEpoch: r.checkpointEpoch, files: written }, null, 1)}\n`,
      )
    else
      for (const w of written)
        process.stdout.write(
          `${w.file}${w.score !== undefined ? `  D=${w.score.toFixed(4)}` : ''}${w.memorisation ? `  longest shared run ${w.memorisation.longestRun}${w.memorisation.piece ? ` (${w.memorisation.piece})` : ''}` : ''}\n`,
        )
    return 0
  },
}
