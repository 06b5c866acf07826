// Command-line argument parsing shared by all commands: node:util parseArgs with usage errors that name the option.
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Thrown for bad command-line usage; printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Parses `args` strictly against `options` (plus `--help`/`-h`). Unknown options and missing values become a
 * {@link UsageError} whose message ends with the command's usage text.
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${usage}`)
  }
}

/** Parses an integer option value, naming the option when it is not one (or is out of [min, max]). */
export function intOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min = -Infinity,
  max = Infinity,
) {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = Number.isFinite(min) ? ` in [${min}, ${Number.isFinite(max) ? max : '∞'}]` : ''
    throw new UsageError(`--${name} must be an integer${range}, got '${value}'`)
  }
  return n
}
