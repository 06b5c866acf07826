// Manifest read/write: round trip, and clear refusals of newer, foreign, corrupt and invalid manifests.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MANIFEST_FILE, ManifestError, readManifest, writeManifest, type Manifest } from './manifest'
import type { DatasetId, FileId } from './types'

let dir = ''
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'manifest-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A small valid manifest built in code. */
function sampleManifest(): Manifest {
  return {
    format: 'crnngan-dataset',
    version: 1,
    id: 'ds-abc-01' as DatasetId,
    name: 'test set',
    createdAt: '2026-01-01T00:00:00.000Z',
    tags: ['bach'],
    seed: 1234,
    windowLength: 100,
    sources: ['/x'],
    files: [
      {
        id: '0123456789abcdef' as FileId,
        name: 'a.mid',
        path: '/x/a.mid',
        sha256: '0123456789abcdef'.repeat(4),
        bytes: 100,
        included: true,
        notes: 10,
        tones: 10,
        toneOffset: 0,
        durationSeconds: 5,
        metrics: { polyphony: 0.5, scale: 'C major' },
        windowMetrics: null,
        histograms: { pitchClass: [1, 2, 3] },
      },
    ],
    failures: [{ file: '/x/b.mid', reason: 'truncated', message: 'cut' }],
    duplicates: [],
    cacheTones: 10,
  }
}

const put = (v: unknown): void =>
  writeFileSync(join(dir, MANIFEST_FILE), typeof v === 'string' ? v : JSON.stringify(v))

describe('manifest', () => {
  it('round-trips through writeManifest/readManifest', async () => {
    await writeManifest(dir, sampleManifest())
    expect(await readManifest(dir)).toEqual(sampleManifest())
  })

  it('refuses a newer version with a clear message and leaves the file untouched', async () => {
    const newer = { ...sampleManifest(), version: 2, extra: 'future field' }
    put(newer)
    const before = readFileSync(join(dir, MANIFEST_FILE), 'utf8')
    const err = await readManifest(dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ManifestError)
    expect((err as ManifestError).kind).toBe('newer')
    expect((err as Error).message).toMatch(/version 2, newer than this program supports \(1\)/)
    expect(readFileSync(join(dir, MANIFEST_FILE), 'utf8')).toBe(before)
  })

  it.each([
    ['missing', null, /cannot read/],
    ['corrupt', '{"format": "crnngan-dataset", ', /not valid JSON/],
    ['foreign', { format: 'something-else', version: 1 }, /not a dataset manifest/],
    ['corrupt', { ...sampleManifest(), files: [{ id: 'XYZ' }] }, /invalid at files\.0\.id/],
  ] as const)('reports %s manifests', async (kind, content, message) => {
    if (content !== null) put(content)
    const err = await readManifest(dir).catch((e: unknown) => e)
    expect((err as ManifestError).kind).toBe(kind)
    expect((err as Error).message).toMatch(message)
  })
})
