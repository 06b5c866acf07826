// Quitting during training (issue #10 item 4), across processes: the real trainer host in a worker thread (the
// bridge's stand-in for Electron's utilityProcess) is asked to stop for the quit and writes a checkpoint that
// verifies; and in Chromium, the train screen shows "Saving…" when main announces the quit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { EventName, EventPayload } from '../../src-main/common/ipc/contract'
import { writeSong } from '../../src-main/common/midi/writeSong'
import { createTrainingService } from '../../src-main/app/services/trainingService'
import { DatasetStore } from '../../src-main/datasets/DatasetStore'
import { loadValidCheckpoint } from '../../src-main/ml/checkpoints/select'
import { workerHost } from '../bridge/workerHost'
import { melody } from './support/midiFixtures'
import { openStudio, type Studio } from './support/harness'
import { LibraryPage } from './support/libraryPage'

const writeMelodies = (dir: string): string[] =>
  Array.from({ length: 6 }, (_, i) => {
    const p = join(dir, `m${i}.mid`)
    writeFileSync(p, writeSong(melody(i)))
    return p
  })

const dirs: string[] = []
let studio: Studio | undefined
afterAll(async () => {
  await studio?.close()
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
})

describe('quitting during training', () => {
  it('the engine stops for the quit with a checkpoint that verifies, within the bounded wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quit-save-'))
    dirs.push(dir)
    const datasetId = (await new DatasetStore(join(dir, 'library')).create('Melodies', writeMelodies(dir))).id
    const events: { event: EventName; payload: unknown }[] = []
    const service = createTrainingService({
      spawn: () => workerHost('cpu'),
      broadcast: (event, payload) => events.push({ event, payload }),
      libraryDir: join(dir, 'library'),
      runsDir: join(dir, 'runs'),
    })
    try {
      const { runId } = await service.start({ datasetId, preset: 'tiny', epochs: 500, seed: 3 })
      for (let i = 0; i < 1200 && !events.some((e) => e.event === 'train:progress'); i++)
        await new Promise((r) => setTimeout(r, 50))
      expect(service.training).toBe(true)
      const t0 = Date.now()
      await expect(service.stopForQuit()).resolves.toBe('saved')
      const waited = Date.now() - t0
      expect(waited).toBeLessThan(15_000)
      const finished = events.find((e) => e.event === 'train:finished')
        ?.payload as EventPayload<'train:finished'>
      expect(finished).toMatchObject({ runId, stopped: true })
      const { path, data } = await loadValidCheckpoint(join(dir, 'runs', runId), 'latest')
      expect(path).toBe(finished.checkpoint)
      expect(data.state.globalStep).toBeGreaterThan(0)
      console.log(`quit: stop checkpoint written in ${waited} ms`)
    } finally {
      service.dispose()
    }
  }, 180_000)

  it('the train screen says "Saving…" when main announces the quit', async () => {
    studio = await openStudio()
    const page = studio.page
    const lib = new LibraryPage(studio)
    await lib.chooseFiles(writeMelodies(studio.tmp))
    await lib.startImport('Melodies')
    await lib.view.waitFor()
    await page.getByTestId('nav-train').click()
    await page.getByTestId('train-preset').selectOption('tiny')
    await page.getByTestId('train-epochs').fill('500')
    await page.getByTestId('train-start').click()
    await page.getByTestId('run-state').getByText('training').waitFor({ timeout: 120_000 })
    const runId = (await page.locator('[data-testid="run-status"] .runid').textContent()) ?? ''
    studio.bridge.emit('app:quitting', { runId, timeoutSeconds: 15 })
    await page.getByTestId('run-saving').waitFor()
    await expect(page.getByTestId('run-state').textContent()).resolves.toBe('saving')
    await page.getByText(`Saving a checkpoint of ${runId} before quitting (at most 15 s)…`).waitFor()
    await studio.shot('train-saving-before-quit')
    // Nothing to press while the checkpoint is written: the quit goes on by itself.
    await expect(page.getByTestId('train-stop').count()).resolves.toBe(0)
    expect(studio.problems).toEqual([])
  }, 240_000)
})
