// Folder-based training loads (`crnngan train --data <dir>`) parse on the same limited parse workers as an import:
// a file over the size limit is skipped instead of read whole, and a parse that hangs is cut off by the timeout.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localParsePool } from '../../datasets/parsePool'
import { melody, smf } from '../../datasets/testing/smfFixture'
import { loadSongs } from './loadData'

const root = mkdtempSync(join(tmpdir(), 'load-folder-'))
const dir = join(root, 'music')
afterAll(() => rmSync(root, { recursive: true, force: true }))

beforeAll(() => {
  mkdirSync(dir)
  writeFileSync(join(dir, 'a.mid'), smf(melody([60, 64, 67], 16)))
  // 17 MiB: a valid file whose track is mostly one SysEx blob (cheap to parse, but over the 16 MiB import limit).
  const blob = 17 * 1024 * 1024
  const track = Buffer.concat([
    Buffer.from([
      0x00,
      0x90,
      60,
      64,
      0x60,
      0x80,
      60,
      0,
      0x00,
      0xf0,
      0x80 | (blob >> 21),
      0x80 | ((blob >> 14) & 0x7f),
    ]),
    Buffer.from([0x80 | ((blob >> 7) & 0x7f), blob & 0x7f]),
    Buffer.alloc(blob, 0x11),
    Buffer.from([0x00, 0xff, 0x2f, 0x00]),
  ])
  const head = Buffer.from('4d546864000000060000000101e04d54726b', 'hex')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(track.length)
  writeFileSync(join(dir, 'huge.mid'), Buffer.concat([head, len, track]))
})

describe('loadSongs from a folder', () => {
  it('skips a file over the 16 MiB limit like an import does, and keeps the others', async () => {
    const { songs, skipped } = await loadSongs({ kind: 'folder', dir }, 1)
    expect(songs.map((s) => s.name)).toEqual(['a.mid'])
    expect(songs[0].cells.length).toBe(16 * 4)
    expect(skipped).toBe(1)
  })

  it('a parse that never returns is cut off by the per-file timeout', async () => {
    const hang = join(root, 'hang.mjs')
    writeFileSync(
      hang,
      "import { parentPort } from 'node:worker_threads'\nparentPort.on('message', () => { for (;;) {} })\n",
    )
    const parsePool = (size: number) => localParsePool(size, { url: pathToFileURL(hang), taskTimeoutMs: 300 })
    await expect(loadSongs({ kind: 'folder', dir }, 1, { parsePool })).rejects.toThrow(
      /no readable MIDI files with notes under/,
    )
  })
})
