// `crnngan serve`: the whole studio in a browser, served by the same handler table and services as the desktop
// app. Binds 127.0.0.1 and prints a URL with a random token (as Jupyter does); reach it from a laptop with ssh -L.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { defaultLibraryDir } from '../../datasets/DatasetStore'
import { isLoopback } from '../../serve/auth'
import { startStudioServer } from '../../serve/server'
import type { Command } from '../main'
import { BACKENDS, choiceOption, intOption, parseOrHelp } from '../usage'

const USAGE = `usage: crnngan serve [options]

  --host H        interface to bind (default 127.0.0.1; any other makes the studio reachable from the network)
  --port N        port (default 8765; 0 = any free port)
  --library DIR   dataset library (default: $CRNNGAN_LIBRARY, else ~/.crnngan/library)
  --runs DIR      training runs (default: $CRNNGAN_RUNS, else ~/.crnngan/runs)
  --backend B     tensorflow-gpu|tensorflow|wasm|cpu (first to try; falls back)
  --renderer DIR  built renderer to serve (default: out/renderer of this checkout)

Every request needs the token in the printed URL (the first visit trades it for a cookie).`

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  library: { type: 'string' },
  runs: { type: 'string' },
  backend: { type: 'string' },
  renderer: { type: 'string' },
} as const

/** Runs folder used when --runs is not given. */
export const defaultRunsDir = (): string =>
  resolve(process.env.CRNNGAN_RUNS ?? join(homedir(), '.crnngan', 'runs'))

export const serveCommand: Command = {
  summary: 'serve the studio to a browser (token-protected; 127.0.0.1 unless --host)',
  async run(args) {
    const { values } = parseOrHelp(args, OPTIONS, USAGE) ?? {}
    if (!values) return 0
    const host = values.host ?? '127.0.0.1'
    const port = intOption('port', values.port, 8765, 0, 65535)
    const backend = choiceOption('backend', values.backend, BACKENDS)
    let server
    try {
      server = await startStudioServer({
        host,
        port,
        backend,
        libraryDir: values.library ?? defaultLibraryDir(),
        runsDir: values.runs ?? defaultRunsDir(),
        rendererDir: values.renderer,
        log: (line) => process.stdout.write(`${line}\n`),
      })
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      if (e.code === 'EADDRINUSE')
        throw new Error(`port ${port} on ${host} is in use: pass --port N (0 picks a free one)`, {
          cause: err,
        })
      throw err
    }
    const out = process.stdout
    out.write(`C-RNN-GAN Studio (library ${server.libraryDir}, runs ${server.runsDir})\n`)
    out.write(`Open this URL in a browser (Chromium, Chrome, Firefox, Safari):\n\n    ${server.url}\n\n`)
    if (isLoopback(host)) {
      out.write(
        `Only this machine can connect. From a laptop: ssh -N -L ${server.port}:127.0.0.1:${server.port} <this machine>,\n` +
          `then open the same URL there.\n`,
      )
    } else {
      process.stderr.write(
        `warning: --host ${host} makes the studio reachable from other machines on the network (plain HTTP,\n` +
          `not encrypted). Anyone who learns the token can read and change your library and runs.\n` +
          `Prefer the default 127.0.0.1 with ssh -L. Stop with Ctrl-C.\n`,
      )
    }
    out.write('Ctrl-C stops the server.\n')
    const signal = await new Promise<NodeJS.Signals>((done) => {
      process.once('SIGINT', () => done('SIGINT'))
      process.once('SIGTERM', () => done('SIGTERM'))
    })
    out.write(`\n${signal}: stopping…\n`)
    await server.close()
    return 0
  },
}
