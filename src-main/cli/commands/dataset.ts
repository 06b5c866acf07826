// `crnngan dataset create|list|stats|rename|remove`: the dataset library from the command line. Progress on stderr,
// Ctrl-C cancels an import cleanly (nothing is left in the library), `--json` puts only JSON on stdout.
import { DatasetStore, defaultLibraryDir } from '../../datasets/DatasetStore'
import { DatasetError } from '../../datasets/errors'
import { duration, progressPrinter } from '../format'
import type { Command } from '../main'
import { intOption, parseCommandArgs, UsageError } from '../usage'
import { printInfo, printList, printStats } from './datasetReport'

const USAGE = `usage: crnngan dataset <create|list|stats|rename|remove> [options]

  crnngan dataset create <name> <file.mid|dir>... [--tag T]... [--max-bytes N] [--seed S] [--workers N]
  crnngan dataset list
  crnngan dataset stats <name|id>
  crnngan dataset rename <name|id> <new name>
  crnngan dataset remove <name|id>

  --library DIR   library folder (default: $CRNNGAN_LIBRARY, else ~/.crnngan/library)
  --json          print JSON only on stdout (progress and skipped files still go to stderr)`

const OPTIONS = {
  library: { type: 'string' },
  json: { type: 'boolean' },
  tag: { type: 'string', multiple: true },
  'max-bytes': { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
} as const

/** Exit code of a cancelled import (128 + SIGINT, as shells report Ctrl-C). */
const EXIT_CANCELLED = 130

export const datasetCommand: Command = {
  summary: 'create, list, inspect and remove training datasets (MIDI libraries)',
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE)
    const [sub, ...rest] = positionals
    if (values.help || !sub) {
      process.stdout.write(`${USAGE}\n`)
      return values.help ? 0 : 2
    }
    const store = new DatasetStore(values.library ?? defaultLibraryDir())
    const json = values.json === true
    const out = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`)
    switch (sub) {
      case 'create': {
        const [name, ...paths] = rest
        if (!name || paths.length === 0)
          throw new UsageError(`create needs a name and at least one path\n${USAGE}`)
        return create(store, name, paths, {
          json,
          tags: values.tag ?? [],
          maxBytes: intOption('max-bytes', values['max-bytes'], 16 * 1024 * 1024, 1),
          seed: intOption('seed', values.seed, 1234),
          workers: values.workers === undefined ? undefined : intOption('workers', values.workers, 1, 1, 64),
        })
      }
      case 'list': {
        const { datasets, damaged } = await store.list()
        if (json) out(datasets)
        else printList(store.dir, datasets, damaged)
        // Damaged datasets are listed on stderr too (with --json stdout holds only the readable ones).
        for (const d of damaged)
          process.stderr.write(
            `crnngan dataset: ${d.id} is damaged (${d.reason}): ${d.message}; ` +
              `remove it with: crnngan dataset remove ${d.id}\n`,
          )
        return damaged.length > 0 ? 1 : 0
      }
      case 'stats': {
        const id = await store.resolve(one(rest, 'stats'))
        const [info, stats] = await Promise.all([store.get(id), store.stats(id)])
        if (json) out({ id, name: info.name, ...stats })
        else printStats(info, stats)
        return 0
      }
      case 'rename': {
        if (rest.length !== 2) throw new UsageError(`rename needs a dataset and a new name\n${USAGE}`)
        const info = await store.rename(await store.resolve(rest[0]), rest[1])
        if (json) out({ id: info.id, name: info.name })
        else process.stdout.write(`renamed ${info.id} to '${info.name}'\n`)
        return 0
      }
      case 'remove': {
        const id = await store.resolve(one(rest, 'remove'))
        await store.remove(id)
        if (json) out({ removed: id })
        else process.stdout.write(`removed ${id}\n`)
        return 0
      }
      default:
        throw new UsageError(`unknown dataset subcommand '${sub}'\n${USAGE}`)
    }
  },
}

function one(rest: string[], sub: string): string {
  if (rest.length !== 1) throw new UsageError(`${sub} needs exactly one dataset name or id\n${USAGE}`)
  return rest[0]
}

async function create(
  store: DatasetStore,
  name: string,
  paths: string[],
  o: { json: boolean; tags: string[]; maxBytes: number; seed: number; workers?: number },
): Promise<number> {
  const controller = new AbortController()
  const onSigint = (): void => {
    process.stderr.write('\ncancelling import…\n')
    controller.abort(new Error('interrupted (Ctrl-C)'))
  }
  process.once('SIGINT', onSigint)
  const bar = progressPrinter(process.stderr)
  const started = performance.now()
  try {
    const info = await store.create(name, paths, {
      signal: controller.signal,
      onProgress: (p) => bar.update(p),
      tags: o.tags,
      maxBytes: o.maxBytes,
      seed: o.seed,
      workers: o.workers,
    })
    bar.end()
    for (const f of info.failures) process.stderr.write(`skipped (${f.reason}): ${f.message}\n`)
    for (const d of info.duplicates)
      process.stderr.write(`duplicate ${d.file} (same content as ${d.duplicateOf})\n`)
    if (o.json) process.stdout.write(`${JSON.stringify(info, null, 2)}\n`)
    else {
      const secs = (performance.now() - started) / 1000
      printInfo(info)
      process.stdout.write(`imported in ${duration(secs)} (${secs.toFixed(1)} s) into ${store.dir}\n`)
    }
    return 0
  } catch (err) {
    bar.end()
    if (err instanceof DatasetError && err.code === 'cancelled') {
      process.stderr.write(`crnngan dataset: ${err.message}\n`)
      return EXIT_CANCELLED
    }
    throw err
  } finally {
    process.removeListener('SIGINT', onSigint)
  }
}
