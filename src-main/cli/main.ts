// `crnngan` command dispatcher: maps the first argument to a command module; errors go to stderr, exit non-zero.
import { commands } from './commands/index'
import { UsageError } from './usage'

export { UsageError }

const USAGE = `usage: crnngan <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run 'crnngan <command> --help' for a command's options.`

/** A CLI command: `run` returns the process exit code. */
export interface Command {
  readonly summary: string
  run(args: string[]): Promise<number>
}

/** Entry point used by bin/crnngan.mjs; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return name ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`crnngan: unknown command '${name}'\n${USAGE}\n`)
    return 2
  }
  try {
    return await command.run(rest)
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`crnngan ${name}: ${err.message}\n`)
      return 2
    }
    process.stderr.write(`crnngan ${name}: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}
