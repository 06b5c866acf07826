// Command-line argument parsing shared by all commands: node:util parseArgs with usage errors that name the option.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { BackendName } from '../ml/backend/index'

/** Values of the engine commands' `--backend` option. */
export const BACKENDS: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']

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

/**
 * {@link parseCommandArgs} that also answers `--help`: prints `usage` to stdout and returns null (the command then
 * exits 0).
 */
export function parseOrHelp<O extends Options>(args: string[], options: O, usage: string) {
  const parsed = parseCommandArgs(args, options, usage)
  if (!(parsed.values as { help?: boolean }).help) return parsed
  process.stdout.write(`${usage}\n`)
  return null
}

/** Throws a {@link UsageError} naming the first of `names` that `values` lacks (undefined or ''). */
export function requireOptions<V extends object, K extends keyof V & string>(
  values: V,
  names: readonly K[],
  usage: string,
): asserts values is V & { [P in K]-?: NonNullable<V[P]> } {
  for (const name of names) if (!values[name]) throw new UsageError(`--${name} is required\n${usage}`)
}

/** Checks an option with a fixed set of values (undefined passes), naming the option and the choices. */
export function choiceOption<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value !== undefined && !(choices as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${choices.join('|')}, got '${value}'`)
  return value as T | undefined
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
