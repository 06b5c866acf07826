// The shared option helpers: --help handling, required options and fixed-choice options, with errors naming the option.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { choiceOption, parseOrHelp, requireOptions, UsageError } from './usage'

const OPTIONS = { out: { type: 'string' }, json: { type: 'boolean' } } as const

describe('cli option helpers', () => {
  afterEach(() => vi.restoreAllMocks())

  it('parseOrHelp returns the parsed options, or prints the usage and returns null for --help / -h', () => {
    expect(parseOrHelp(['--out', 'x', '--json'], OPTIONS, 'USAGE')?.values).toMatchObject({
      out: 'x',
      json: true,
    })
    const printed: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (printed.push(String(s)), true))
    expect(parseOrHelp(['--help'], OPTIONS, 'USAGE')).toBeNull()
    expect(parseOrHelp(['-h', '--out', 'x'], OPTIONS, 'USAGE')).toBeNull()
    expect(printed).toEqual(['USAGE\n', 'USAGE\n'])
    expect(() => parseOrHelp(['--nope'], OPTIONS, 'USAGE')).toThrow(UsageError)
  })

  it('requireOptions names the first missing (or empty) option', () => {
    expect(() => requireOptions({ a: 'x', b: '1' }, ['a', 'b'], 'U')).not.toThrow()
    expect(() => requireOptions({ a: 'x', b: undefined }, ['a', 'b'], 'U')).toThrow(/^--b is required\nU$/)
    expect(() => requireOptions({ a: '', b: undefined }, ['a', 'b'], 'U')).toThrow(/^--a is required/)
  })

  it('choiceOption passes undefined and known values, and names the option and its choices otherwise', () => {
    expect(choiceOption('impl', undefined, ['a', 'b'])).toBeUndefined()
    expect(choiceOption('impl', 'b', ['a', 'b'])).toBe('b')
    expect(() => choiceOption('impl', 'c', ['a', 'b'])).toThrow("--impl must be one of a|b, got 'c'")
  })
})
