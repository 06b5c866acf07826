// Settings file: defaults when absent, atomic write + read back, null removes a key, serialized writes, a damaged
// file is kept aside (never silently lost) and defaults are used meanwhile; payloads are validated by the contract.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invokes } from '@common/ipc/contract'
import { createSettingsStore } from './settingsStore'

describe('settings store', () => {
  let dir: string
  let file: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'settings-'))
    file = join(dir, 'app', 'settings.json')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('answers defaults without a file, writes atomically and reads back', async () => {
    const store = createSettingsStore(file)
    expect(await store.get()).toEqual({})
    const model = { runId: 'run-a', checkpoint: 12 as const }
    expect(await store.set({ composeModel: model })).toEqual({ composeModel: model })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ composeModel: model })
    // No temp file is left beside it.
    expect(readdirSync(join(dir, 'app'))).toEqual(['settings.json'])
    expect(await createSettingsStore(file).get()).toEqual({ composeModel: model })
    expect(await store.set({ composeModel: null })).toEqual({})
  })

  it('serializes writes: the last of two quick changes wins', async () => {
    const store = createSettingsStore(file)
    await Promise.all([
      store.set({ composeModel: { runId: 'a', checkpoint: 'latest' } }),
      store.set({ composeModel: { runId: 'b', checkpoint: 'best' } }),
    ])
    expect(await store.get()).toEqual({ composeModel: { runId: 'b', checkpoint: 'best' } })
  })

  it('keeps a damaged file aside and uses defaults until the next write', async () => {
    const logs: string[] = []
    await createSettingsStore(file).set({})
    writeFileSync(file, '{"composeModel": {"runId": 3}}')
    const store = createSettingsStore(file, (m) => logs.push(m))
    expect(await store.get()).toEqual({})
    expect(logs[0]).toMatch(/settings\.json is damaged/)
    await store.set({ composeModel: { runId: 'c', checkpoint: 'latest' } })
    const aside = readdirSync(join(dir, 'app')).filter((n) => n.includes('damaged'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dir, 'app', aside[0]), 'utf8')).toContain('"runId": 3')
    expect(existsSync(file)).toBe(true)
  })

  it('rejects bad patches at the contract', () => {
    const schema = invokes['settings:set'].req
    expect(schema.safeParse({ composeModel: { runId: 'x', checkpoint: 'newest' } }).success).toBe(false)
    expect(schema.safeParse({ theme: 'dark' }).success).toBe(false)
    expect(schema.safeParse({ composeModel: { runId: 'x', checkpoint: 3 } }).success).toBe(true)
  })
})
