// Every JSON file the engine reads names itself when it is not JSON (issue #10 item 12): run.json, a checkpoint's
// meta.json, source.json, a starter manifest and a resumed run's config.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../cli/main'
import { parseJson } from '../../common/json'
import { readSource } from '../host/loadData'
import { readStarterManifest } from '../starter/starterFormat'
import { readIndex } from './store'
import { loadCheckpoint } from './verify'

const root = mkdtempSync(join(tmpdir(), 'crnngan-json-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const file = (rel: string, text: string): string => {
  const path = join(root, rel)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
  return path
}
const named = (path: string) => new RegExp(`${path.replace(/[\\/.]/g, '\\$&')}: not valid JSON \\(`)

describe('JSON parse errors name their file', () => {
  it('parseJson names the source and says when the file is empty', () => {
    expect(() => parseJson('{"a": ', 'x.json')).toThrow(/^x\.json: not valid JSON \(.+\)$/)
    expect(() => parseJson('', 'y.json')).toThrow('y.json: not valid JSON (the file is empty)')
  })

  it('run.json, meta.json, source.json and the starter manifest', async () => {
    const index = file('run/run.json', '{"type": "crnngan-run", ')
    await expect(readIndex(join(root, 'run'))).rejects.toThrow(named(index))
    const meta = file('run/checkpoints/e0001-s00000/meta.json', 'not json')
    await expect(loadCheckpoint(join(root, 'run/checkpoints/e0001-s00000'))).rejects.toThrow(named(meta))
    const source = file('run/source.json', '{')
    await expect(readSource(join(root, 'run'))).rejects.toThrow(named(source))
    const manifest = file('starter/manifest.json', '[1,')
    await expect(readStarterManifest(join(root, 'starter'))).rejects.toThrow(named(manifest))
  })

  it('crnngan train names a damaged config.json of the run it would resume', async () => {
    const config = file('resume/config.json', '{"type": "crnngan-train"')
    const err: string[] = []
    const write = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((s: string) => err.push(String(s)) > 0) as typeof process.stderr.write
    try {
      const code = await main(['train', '--data', root, '--out', join(root, 'resume')])
      expect(code).toBe(1)
    } finally {
      process.stderr.write = write
    }
    expect(err.join('')).toMatch(named(config))
  })
})
