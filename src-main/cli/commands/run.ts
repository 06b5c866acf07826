// `crnngan run export|import`: runs that travel between machines as one `.crnnrun` file (config, chosen
// checkpoints, model card, sha256 manifest). Import refuses a malformed or tampered file and writes only inside
// the runs folder.
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CheckpointRef } from '../../ml/host/protocol'
import { exportRunArchive, importRunArchive } from '../../ml/transfer/index'
import type { Command } from '../main'
import { parseOrHelp, requireOptions, UsageError } from '../usage'
import { defaultRunsDir } from './serve'

const USAGE = `usage: crnngan run export <run> --out FILE.crnnrun [--checkpoint best|latest|N]... [--runs DIR] [--json]
       crnngan run import FILE.crnnrun [--runs DIR] [--name NAME] [--json]

  <run>            a run folder, or the name of one in --runs
  --checkpoint C   best, latest or N (saved after epoch N); repeat for several (default: best and latest)
  --out FILE       the .crnnrun to write (replaced atomically)
  --runs DIR       runs folder (default: $CRNNGAN_RUNS, else ~/.crnngan/runs)
  --name NAME      folder name for the imported run (default: the archive's run name; a suffix if taken)
  --json           print the result as JSON on stdout`

const OPTIONS = {
  checkpoint: { type: 'string', multiple: true },
  out: { type: 'string' },
  runs: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
} as const

const ref = (v: string): CheckpointRef => {
  if (v === 'best' || v === 'latest') return v
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--checkpoint must be best, latest or an epoch, got '${v}'`)
  return n
}

const mb = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`

export const runCommand: Command = {
  summary: 'export a run or checkpoint as one .crnnrun file, or import one',
  async run(args) {
    const parsed = parseOrHelp(args, OPTIONS, USAGE)
    if (!parsed) return 0
    const { values, positionals } = parsed
    const [verb, target, ...extra] = positionals
    if (extra.length) throw new UsageError(`unexpected '${extra[0]}'\n${USAGE}`)
    if (!target)
      throw new UsageError(
        `${verb ? `run ${verb}` : 'run'} needs a ${verb === 'import' ? 'file' : 'run'}\n${USAGE}`,
      )
    const runsDir = resolve(values.runs ?? defaultRunsDir())
    if (verb === 'export') {
      requireOptions(values, ['out'], USAGE)
      const named = join(runsDir, target)
      const runDir = existsSync(target) && statSync(target).isDirectory() ? resolve(target) : named
      if (!existsSync(join(runDir, 'run.json')))
        throw new Error(`'${target}' is not a run folder (no run.json)`)
      const out = values.out.endsWith('.crnnrun') ? resolve(values.out) : resolve(`${values.out}.crnnrun`)
      const r = await exportRunArchive(runDir, out, { checkpoints: (values.checkpoint ?? []).map(ref) })
      if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
      else
        process.stdout.write(
          `exported ${r.checkpoints.join(', ')} of ${runDir}\n  → ${r.path} (${mb(r.bytes)})\n`,
        )
      return 0
    }
    if (verb === 'import') {
      const r = await importRunArchive(resolve(target), runsDir, { name: values.name, label: target })
      if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
      else {
        const cps = r.checkpoints.map((c) => (c === r.best ? `${c} (best)` : c)).join(', ')
        process.stdout.write(
          `imported ${target} as run '${r.name}'\n  → ${r.runDir}\n  checkpoints: ${cps}\n`,
        )
        process.stdout.write(`  sample it: crnngan sample --run ${r.runDir} --seed 7 --out takes\n`)
      }
      return 0
    }
    throw new UsageError(`run needs 'export' or 'import', got '${verb ?? ''}'\n${USAGE}`)
  },
}
