// The Compose seed's whole path, below the window: ComposeSession → lib/ipc → main's own handler table (zod) → the
// training service → the real trainer host in a worker thread → the sampler, and back as candidates. Only the
// preload's transport is left out (window.studio calls the handler table directly, payloads structured-cloned).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InvokeChannel, StudioApi } from '../../src-main/common/ipc/contract'
import { createHandlers, type Broadcast } from '../../src-main/app/ipc/handlers'
import { PathGuard } from '../../src-main/app/ipc/pathGuard'
import { createDatasetService } from '../../src-main/app/services/datasetService'
import { createFileService } from '../../src-main/app/services/fileService'
import { pointShippedModels, writeTinyStarter } from '../../src-main/app/services/testing/starterFixture'
import { createTrainingService, type HostTransport } from '../../src-main/app/services/trainingService'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import type { HostEvent } from '../../src-main/ml/host/protocol'
import { ComposeSession, notesFingerprint } from '../../src-renderer/src/compose/ComposeSession.svelte'
import { EditorState } from '../../src-renderer/src/editor/index'
import { Notices } from '../../src-renderer/src/lib/notices.svelte'

/**
 * The served studio's worker host (src-main/serve/workerHost.ts), with its entry found from the repo root: under
 * jsdom, import.meta.url is no file URL, so that module cannot find the entry beside itself.
 */
function workerHost(): HostTransport {
  const entry = pathToFileURL(join(process.cwd(), 'src-main/ml/host/workerEntry.boot.mjs'))
  const worker = new Worker(entry, { workerData: { prefer: 'cpu' } })
  return {
    send: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
    onMessage: (listener) => worker.on('message', (m: HostEvent) => listener(m)),
    onExit: (listener) => worker.once('exit', (code) => listener(code)),
    kill: () => void worker.terminate(),
  }
}

const dir = mkdtempSync(join(tmpdir(), 'crnngan-compose-sampling-'))
let restore = (): void => undefined
let training: ReturnType<typeof createTrainingService>

beforeAll(async () => {
  // The fixture model is written here, under jsdom: tfjs would try WebGL first.
  await tf.setBackend('cpu')
  await writeTinyStarter(join(dir, 'starter'), 3, 9)
  restore = pointShippedModels({ starter: join(dir, 'starter'), 'starter-paper': null })
  const libraryDir = join(dir, 'data', 'library')
  const broadcast: Broadcast = () => undefined
  training = createTrainingService({
    spawn: workerHost,
    broadcast,
    libraryDir,
    runsDir: join(dir, 'data', 'runs'),
  })
  const guard = new PathGuard([libraryDir])
  const none = async () => null
  const handlers = createHandlers(
    {
      datasets: createDatasetService(new DatasetStore(libraryDir)),
      training,
      files: createFileService(guard, { chooseImport: async () => [], openFile: none, saveFile: none }),
      guard,
      info: { name: 'test', version: '0', shell: 'web', platform: process.platform, libraryDir },
    },
    broadcast,
  )
  const studio: StudioApi = {
    invoke: (channel, payload) =>
      handlers[channel as InvokeChannel](structuredClone(payload)) as ReturnType<StudioApi['invoke']>,
    on: () => () => undefined,
    pathsForDrop: async () => [],
  }
  window.studio = studio
})

afterAll(() => {
  training?.dispose()
  restore()
  delete window.studio
  rmSync(dir, { recursive: true, force: true })
})

describe('ComposeSession samples through main and the engine', () => {
  it('generates, regenerates exactly, rerolls, and refuses what main would refuse', async () => {
    const notices = new Notices()
    const s = new ComposeSession(notices)
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
