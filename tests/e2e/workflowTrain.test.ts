// End-to-end, issue 11 "defects found in use" around runs, against the real trainer and the shipped starter model:
// a stopped run's progress bar shows how far it got (not 100 %); Train and Compose list only the checkpoints that
// exist on disk, and a checkpoint that vanished gives a plain sentence, no internal path; after a restart Compose
// selects the model (and checkpoint) last used, else the starter. MIDI fixtures are written here (no corpus needed).
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComposePage } from './support/composePage'
import { openStudio, type Studio } from './support/harness'
import { defaultShippedModel } from './support/shippedModels'
import { LibraryPage } from './support/libraryPage'
import { scaleRun, writeMidi } from './support/midiFixtures'
import { TrainPage } from './support/trainPage'

/**
 * Checkpoint folders of a run on disk: [epoch, step, folder] from e0003-s00012, or e0003-s00012-r2 (a re-save at
 * the same point, e.g. Stop right after an epoch's checkpoint, replaces it under a new name).
 */
function onDisk(runDir: string): [number, number, string][] {
  const dir = join(runDir, 'checkpoints')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .map((n) => /^e(\d+)-s(\d+)(?:-r\d+)?$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m): [number, number, string] => [Number(m[1]), Number(m[2]), m[0]])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
}

describe('runs, checkpoints and the remembered model (real trainer, shipped starter)', () => {
  let studio: Studio
  let train: TrainPage
  let compose: ComposePage
  let runId = ''
  const runDir = (): string => join(studio.tmp, 'data', 'runs', runId)

  beforeAll(async () => {
    studio = await openStudio()
    train = new TrainPage(studio)
    compose = new ComposePage(studio)
    const lib = new LibraryPage(studio)
    // tiny trains on batches of 4 and holds some songs back for validation: 8 files.
    const files = ['c', 'd', 'e', 'f', 'g', 'a', 'b', 'c2'].map((n, i) =>
      writeMidi(studio.tmp, `${n}-run.mid`, scaleRun(n, 55 + i * 2, 64)),
    )
    await lib.chooseFiles(files)
    await lib.startImport('Scales')
    await lib.view.waitFor()
  })
  afterAll(async () => {
    await studio?.close()
  })

  it('shows how far a stopped run got, not a full bar', async () => {
    await train.open()
    await train.start({ preset: 'tiny', epochs: 400, seed: 5 })
    runId = await train.liveRunId()
    // tiny saves a checkpoint every epoch and keeps the last 3 (plus the best): by epoch 9, most are gone.
    await train.waitForEpoch(9)
    await train.stop()
    const { done, total } = await train.progress()
    expect(total).toBeGreaterThan(0)
    expect(done, 'a stopped run is not complete').toBeLessThan(total)
    expect(done).toBeGreaterThan(0)
    await expect(studio.page.getByTestId('run-ended-at').textContent()).resolves.toMatch(
      /^\s*Stopped at [0-9] % \(epoch \d+ of 400\)\s*$/,
    )
    await studio.shot('workflow-train-stopped')
  })

  it('lists only the checkpoints on disk, in Train and in Compose', async () => {
    const disk = onDisk(runDir())
    expect(disk.length).toBeGreaterThan(0)
    expect(disk.length).toBeLessThanOrEqual(5)
    const rows = await train.checkpointRows(runId)
    expect(rows.map((r) => /epoch (\d+)/.exec(r)?.[1]).map(Number)).toEqual(disk.map(([e]) => e))
    await compose.open()
    await compose.model.selectOption(runId)
    expect(await compose.checkpointEpochs()).toEqual(disk.filter(([, s]) => s === 0).map(([e]) => e))
  })

  it('says in plain words when a chosen checkpoint has vanished, and drops it from the list', async () => {
    const page = studio.page
    await compose.open()
    await compose.model.selectOption(runId)
    const periodic = onDisk(runDir()).filter(([, s]) => s === 0)
    expect(periodic.length).toBeGreaterThan(1)
    const [gone, , folder] = periodic[0]
    await compose.checkpoint.selectOption(String(gone))
    // Removed behind the studio's back (as the trainer prunes, or a person deleting files).
    rmSync(join(runDir(), 'checkpoints', folder), { recursive: true })
    await compose.settings({ count: 1, events: 8 })
    await page.getByTestId('compose-generate').click()
    const notice = page.getByTestId('notice-error').last()
    await notice.waitFor({ timeout: 30_000 })
    const text = (await notice.textContent()) ?? ''
    expect(text).toMatch(new RegExp(`checkpoint saved after epoch ${gone} .* is no longer on disk`))
    expect(text).toMatch(/Choose another checkpoint/)
    expect(text, 'no internal path').not.toContain(studio.tmp)
    expect(text).not.toMatch(/[/\\](runs|checkpoints)[/\\]/)
    await expect.poll(() => compose.checkpointEpochs()).not.toContain(gone)
    await studio.shot('workflow-checkpoint-vanished')
    await notice.getByRole('button', { name: 'Dismiss' }).click()
  })

  it('selects the model and checkpoint last used after a restart, and the starter when none was', async () => {
    // The composer works with an older checkpoint of the trained run…
    await compose.open()
    const kept = onDisk(runDir()).filter(([, s]) => s === 0)
    const older = kept[0][0]
    await compose.model.selectOption(runId)
    await compose.checkpoint.selectOption(String(older))
    await studio.restart()
    await compose.open()
    await expect(compose.model.inputValue()).resolves.toBe(runId)
    await expect(compose.checkpoint.inputValue()).resolves.toBe(String(older))

    // …then with the starter model (generating with it): the newest run is NOT what comes back.
    await compose.model.selectOption(defaultShippedModel())
    await compose.settings({ count: 1, events: 8 })
    await compose.generate()
    await studio.restart()
    await compose.open()
    await expect(compose.model.inputValue()).resolves.toBe(defaultShippedModel())
    await expect(compose.checkpoint.inputValue()).resolves.toBe('latest')
    await studio.shot('workflow-restart-starter')

    // Nothing remembered (first start, or the settings file is gone): the starter, not the newest toy run.
    rmSync(join(studio.tmp, 'data', 'settings.json'))
    await studio.restart()
    await compose.open()
    await expect(compose.model.inputValue()).resolves.toBe(defaultShippedModel())
    expect(studio.problems.filter((p) => !/AudioContext/.test(p))).toEqual([])
  })
})
