// Test support for the CLI tests: runs the real `node bin/crnngan.mjs` as a child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

export const BIN = resolve(import.meta.dirname, '../../bin/crnngan.mjs')

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI with `args`; `onStderr` sees stderr as it arrives (e.g. to send Ctrl-C after progress starts). */
export function runCli(
  args: string[],
  opts: {
    cwd?: string
    env?: NodeJS.ProcessEnv
    onStderr?: (text: string, child: ChildProcess) => void
  } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      opts.onStderr?.(stderr, child)
    })
    child.on('error', fail)
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }))
  })
}
