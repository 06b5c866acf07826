// The Compose seed's whole path, below the window: ComposeSession → its injected client (lib/ipc) → main's own
// handler table (zod) → the training service → the real trainer host in a worker thread → the sampler, and back as
// candidates. Only the preload's transport is left out (see tests/support/handlerStudio.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComposeSession, notesFingerprint } from '../../src-renderer/src/compose/ComposeSession.svelte'
import { EditorState } from '../../src-renderer/src/editor/index'
import { createClient, type StudioClient } from '../../src-renderer/src/lib/ipc'
import { Notices } from '../../src-renderer/src/lib/notices.svelte'
import { startHandlerStudio, type HandlerStudio } from '../support/handlerStudio'

let main: HandlerStudio | undefined
let client: StudioClient

beforeAll(async () => {
  main = await startHandlerStudio()
  const api = main.api
  client = createClient(() => api)
})

afterAll(() => main?.close())

describe('ComposeSession samples through main and the engine', () => {
  it('generates, regenerates exactly, rerolls, and refuses what main would refuse', async () => {
    const notices = new Notices()
    const s = new ComposeSession(client, notices)
    const editor = new EditorState()
    await s.loadRuns()
    expect(s.runId).toBe('starter')
    Object.assign(s, { seed: 7, count: 2, length: 12, rank: true })

    await s.generate(editor)
    expect(notices.items).toEqual([])
    const first = s.candidates
    expect(first.map((c) => [c.batch, c.seed, c.settings.length, c.checkpointEpoch])).toEqual([
      [1, 7, 12, 3],
      [1, 7, 12, 3],
    ])
    expect(first.every((c) => c.score !== undefined && c.score > 0 && c.score < 1)).toBe(true)
    // Ranked best first by the critic; the index says where each stood in the batch.
    expect(first[0].score!).toBeGreaterThanOrEqual(first[1].score!)
    expect(new Set(first.map((c) => c.index))).toEqual(new Set([0, 1]))

    // Same seed and settings → the same phrases, the seed having passed every hand-off unchanged.
    await s.generate(editor)
    const again = s.candidates.filter((c) => c.batch === 2)
    expect(again.map((c) => [c.index, c.score, notesFingerprint(c.song)])).toEqual(
      first.map((c) => [c.index, c.score, notesFingerprint(c.song)]),
    )
    s.seed = 8
    await s.generate(editor)
    const other = s.candidates.filter((c) => c.batch === 3)
    expect(other.map((c) => c.score)).not.toEqual(first.map((c) => c.score))

    // A reroll after step 4 comes back as the one candidate it redraws.
    await s.reroll(first[1], 4)
    const rerolled = s.candidates.filter((c) => c.batch === 4)
    expect(rerolled.map((c) => [c.index, c.seed, c.settings.prefixLockSteps])).toEqual([
      [first[1].index, 7, 4],
    ])

    // Refused by the schema at the form (nothing sent), and by main for a checkpoint that is not there.
    const before = s.candidates.length
    s.count = 33
    await s.generate(editor)
    expect(notices.items.at(-1)?.text).toBe('Count must be a whole number of phrases from 1 to 32.')
    s.count = 2
    s.checkpoint = 99
    await s.generate(editor)
    expect(notices.items.at(-1)).toMatchObject({ kind: 'error', text: expect.stringMatching(/epoch 99/) })
    expect(s.candidates).toHaveLength(before)
  }, 120_000)
})
