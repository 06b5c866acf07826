// The lazy command registry: every entry loads its module, and the summary shown by `crnngan --help` (kept in the
// registry so help does not load TensorFlow.js) equals the module's own summary.
import { describe, expect, it } from 'vitest'
import { commands } from '../../src-main/cli/commands/index'

describe('CLI command registry', () => {
  it.each(Object.keys(commands))('%s: loads and its summary matches the module', async (name) => {
    const entry = commands[name]
    const loaded = await entry.load()
    expect(typeof loaded.run).toBe('function')
    expect(entry.summary).toBe(loaded.summary)
  })
})
