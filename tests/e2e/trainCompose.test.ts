// End-to-end: Train and Compose in Chromium against the REAL trainer (worker thread): dataset from 12 JSB chorales →
// train `tiny` for 2 epochs with visible progress → 4 candidates with seed 7, twice, identical → insert one →
// export MIDI to a test-supplied path → the file parses and matches the song, provenance included; autosave and
// crash recovery of the project. Screenshots: test-artifacts/screenshots/{train,compose}-*.png.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pointShippedModels } from '../../src-main/app/services/testing/starterFixture'
import { readSong } from '../../src-main/common/midi/readSong'
import { clipsInSong, parseProject } from '../../src-main/common/project/project'
import { corpusFiles, hasCorpus } from '../support/corpus'
import { openStudio, type Studio } from './support/harness'
import { LibraryPage } from './support/libraryPage'

/** Per-candidate note fingerprints of one generation batch, in batch index order. */
async function batchNotes(studio: Studio, batch: number): Promise<string[]> {
  const cards = studio.page.locator(`[data-testid="candidate"][data-batch="${batch}"]`)
  await cards.first().waitFor()
  const rows = await cards.evaluateAll((els) =>
    els.map((e) => ({
      index: Number(e.getAttribute('data-index')),
      notes: e.getAttribute('data-notes') ?? '',
    })),
  )
  return rows.sort((a, b) => a.index - b.index).map((r) => r.notes)
}

describe.skipIf(!hasCorpus)('Train and Compose screens (real trainer)', () => {
  let studio: Studio
  const chorales = corpusFiles('jsb-chorales/train').slice(0, 12)

  let restoreModels: () => void = () => undefined

  beforeAll(async () => {
    // This flow is about the run trained here: hide the shipped models so Compose selects that run.
    restoreModels = pointShippedModels({ starter: null, 'starter-paper': null })
    studio = await openStudio()
    const lib = new LibraryPage(studio)
    await lib.chooseFiles(chorales)
    await lib.startImport('JSB twelve')
    await lib.view.waitFor()
  })
  afterAll(async () => {
    await studio?.close()
    restoreModels()
  })

  it('trains tiny for 2 epochs with visible progress, losses, metrics and samples', async () => {
    const page = studio.page
    await page.getByTestId('nav-train').click()
    await page.getByTestId('train-preset').selectOption('tiny')
    await expect(page.getByTestId('train-dataset').locator('option').first().textContent()).resolves.toMatch(
      /JSB twelve \(12 files\)/,
    )
    // Each preset is described in one line; a dataset too small for the batch is named before starting, with the
    // trainer's own step count: paper holds out 1 of 12 files, 11 < one batch of 20; tiny: 10 files, batch 4.
    await expect(page.getByTestId('preset-description').textContent()).resolves.toMatch(/test run in seconds/)
    await page.getByTestId('train-preset').selectOption('paper')
    await expect(page.getByTestId('preset-description').textContent()).resolves.toMatch(
      /exactly as published/,
    )
    await expect(page.getByTestId('train-problem').textContent()).resolves.toMatch(
      /^12 files → 0 training steps per epoch with batch 20: nothing to train on; add files or /,
    )
    await expect(page.getByTestId('train-start').isDisabled()).resolves.toBe(true)
    await page.getByTestId('train-preset').selectOption('tiny')
    await expect(page.getByTestId('train-size-warning').textContent()).resolves.toMatch(
      /12 files → 2 training steps per epoch with batch 4: training will learn little; add files or /,
    )
    await expect(page.getByTestId('train-start').isDisabled()).resolves.toBe(false)
    await studio.shot('train-size-warning')
    await page.getByTestId('train-epochs').fill('2')
    await page.getByTestId('train-seed').fill('11')
    // Record every text the progress panel shows (updates can be faster than a poll).
    await page.evaluate(() => {
      const seen: string[] = []
      ;(window as unknown as { __trainSeen: string[] }).__trainSeen = seen
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid="train-progress"]')?.textContent ?? ''
        if (t && seen[seen.length - 1] !== t) seen.push(t)
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByTestId('train-start').click()
    await page.getByTestId('run-state').getByText('finished').waitFor({ timeout: 240_000 })
    const seen = await page.evaluate(() => (window as unknown as { __trainSeen: string[] }).__trainSeen)
    // Progress was visible while it ran: several distinct states with the epoch counter filled in.
    expect(seen.filter((t) => /Epoch\s*[12] \/ 2/.test(t)).length, JSON.stringify(seen)).toBeGreaterThan(1)
    await expect(page.getByTestId('train-epoch').textContent()).resolves.toBe('2 / 2')
    expect(await page.locator('[data-testid="loss-chart"] path[data-series="D"]').getAttribute('d')).toMatch(
      /^M/,
    )
    // Two epochs → two points per metric line; the band of real windows is drawn.
    const generated = page.locator('[data-testid="metrics-chart"] path[data-series="generated"]')
    expect(await generated.count()).toBe(6)
    await expect(
      page.locator('[data-testid="metrics-chart"] path.bandfill').first().getAttribute('d'),
    ).resolves.toMatch(/Z$/)
    await expect(page.getByTestId('epoch-samples').getByRole('button').count()).resolves.toBe(2)
    await expect(page.getByTestId('run-list').textContent()).resolves.toMatch(/epoch 2/)
    // The protocol's summary as a gauge, with its components in the tooltip.
    const gauge = page.getByTestId('score-gauge')
    await expect(gauge.textContent()).resolves.toMatch(/How close to your music:\s*\d{1,3} %/)
    const tip = (await gauge.getAttribute('title')) ?? ''
    expect(tip).toMatch(/notes of the key \(pitch classes\): \d+ %/)
    expect(tip).toMatch(/hard to tell from real \(classifier\): \d+ %/)
    expect(tip.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(9)
    const pct = Number(/(\d+) %/.exec((await page.getByTestId('score-value').textContent()) ?? '')?.[1])
    expect(pct).toBeGreaterThanOrEqual(0)
    expect(pct).toBeLessThanOrEqual(100)
    // Two epochs of `tiny` write a few quiet notes: finished, but amber, saying what is wrong and what to try.
    await expect(page.getByTestId('run-state').getAttribute('class')).resolves.toMatch(/\bwarn\b/)
    await expect(page.getByTestId('run-warning').textContent()).resolves.toMatch(
      /Finished, but (only \d+ % of the generated events became notes|the notes are nearly silent).*Train more epochs/,
    )
    await page
      .getByTestId('notice-warning')
      .filter({ hasText: /^Training run-\S+: Finished, but/ })
      .waitFor()
    await expect(
      page
        .getByTestId('notice-success')
        .filter({ hasText: /finished/ })
        .count(),
    ).resolves.toBe(0)
    await studio.shot('train-finished')
    // An epoch's sample plays through the playback feature (silent samples of an untrained model are marked).
    const chips = page.getByTestId('epoch-samples').getByRole('button')
    const playable = chips.filter({ hasText: '▶' })
    expect((await playable.count()) + (await chips.filter({ hasText: '(silent)' }).count())).toBe(2)
    expect(await playable.count()).toBeGreaterThan(0)
    const label = ((await playable.first().textContent()) ?? '').replace('▶', '').trim()
    await playable.first().click()
    await chips.filter({ hasText: `■ ${label}` }).click()
    await chips.filter({ hasText: `▶ ${label}` }).waitFor()
  })

  it('generates 4 candidates with seed 7 twice and gets identical notes', async () => {
    const page = studio.page
    await page.getByTestId('nav-compose').click()
    await page.getByTestId('compose-run').locator('option').first().waitFor({ state: 'attached' })
    await page.getByTestId('compose-seed').fill('7')
    await page.getByTestId('compose-count').fill('4')
    await page.getByTestId('compose-length').fill('16')
    await page.getByTestId('compose-generate').click()
    const first = await batchNotes(studio, 1)
    await page.getByTestId('compose-generate').click()
    const second = await batchNotes(studio, 2)
    expect(first).toHaveLength(4)
    expect(second).toEqual(first)
    expect(first.some((n) => n.length > 0)).toBe(true)
    // Different candidates of one batch differ (noise per candidate).
    expect(new Set(first).size).toBeGreaterThan(1)
    await expect(page.getByTestId('candidate-score').count()).resolves.toBe(8)
    await expect(page.getByTestId('candidate-memo').count()).resolves.toBe(8)
  })

  it('inserts one candidate and exports MIDI that matches the song, with provenance', async () => {
    const page = studio.page
    const card = page
      .locator('[data-testid="candidate"][data-batch="1"]')
      .filter({ hasNot: page.locator('text=0 notes') })
    const target = card.first()
    const seed = Number(await target.getAttribute('data-seed'))
    await target.getByTestId('candidate-insert').click()
    await page.getByTestId('clip-list').getByText(/clip1/).waitFor()
    await expect(page.getByTestId('project-title').textContent()).resolves.toMatch(/•$/)
    // The roll is scrolled and zoomed to the inserted phrase: its notes are drawn, not off screen or sub-pixel.
    const lit = await page.getByTestId('notes-canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++
      return n
    })
    expect(lit).toBeGreaterThan(200)
    await studio.shot('compose-inserted')

    const out = join(studio.tmp, 'exported.mid')
    studio.bridge.pickers.saves.push(out)
    await page.getByTestId('compose-export').click()
    await expect.poll(() => existsSync(out), { timeout: 10_000 }).toBe(true)
    const song = readSong(new Uint8Array(readFileSync(out)))
    const notes = song.tracks.flatMap((t) => t.notes)
    const status = await page.getByTestId('status').textContent()
    expect(status).toMatch(new RegExp(`${notes.length} notes`))
    expect(notes.length).toBeGreaterThan(0)
    const clips = clipsInSong(song)
    expect(clips).toHaveLength(1)
    expect(clips[0].provenance).toMatchObject({
      seed,
      checkpoint: 'latest',
      settings: { count: 4, length: 16 },
    })
    expect(clips[0].noteIds).toHaveLength(notes.length)
  })

  it('rerolls a candidate after step k and continues the selection', async () => {
    const page = studio.page
    const original = page.locator('[data-testid="candidate"][data-batch="1"][data-index="0"]')
    const before = await original.getAttribute('data-notes')
    // Audition: play, then stop with the same button.
    await original.getByTestId('candidate-play').click()
    await original.getByRole('button', { name: '■ Stop' }).click()
    await original.getByRole('button', { name: '▶ Play' }).waitFor()
    // Locking all 16 steps keeps the whole noise: the "reroll" must reproduce the candidate exactly.
    await original.getByRole('spinbutton').fill('16')
    await original.getByRole('button', { name: 'Reroll' }).click()
    const locked = page.locator('[data-testid="candidate"][data-batch="3"]')
    await locked.waitFor()
    await expect(locked.count()).resolves.toBe(1)
    await expect(locked.getAttribute('data-index')).resolves.toBe('0')
    await expect(locked.getAttribute('data-seed')).resolves.toBe('7')
    await expect(locked.getAttribute('data-notes')).resolves.toBe(before)
    // Locking 2 steps redraws the rest from a fresh tail seed: same candidate slot, new phrase.
    await original.getByRole('spinbutton').fill('2')
    await original.getByRole('button', { name: 'Reroll' }).click()
    const rerolled = page.locator('[data-testid="candidate"][data-batch="4"]')
    await rerolled.waitFor()
    await expect(rerolled.getByText(/reroll >2/).count()).resolves.toBe(1)

    // The inserted clip is still selected: continue it with the model (primer), then insert a continuation.
    await page.getByRole('button', { name: /^Continue selection \(\d+\)$/ }).click()
    const cont = page.locator('[data-testid="candidate"][data-batch="5"]')
    await cont.first().waitFor()
    await expect(cont.count()).resolves.toBe(4)
    await cont.first().getByTestId('candidate-insert').click()
    await page
      .getByTestId('clip-list')
      .getByText(/continues \d+ notes/)
      .waitFor()
    await page.getByTestId('compose-sort').selectOption('score')
    await studio.shot('compose-candidates')
  })

  it('autosaves to the recovery file and offers it after a restart', async () => {
    const page = studio.page
    // Autosave runs every few seconds while there are unsaved changes: wait until it holds both inserted clips.
    const autosave = join(studio.tmp, 'data', 'recovery', 'autosave.crnnproj')
    const clipIds = (): string[] =>
      existsSync(autosave) ? parseProject(readFileSync(autosave, 'utf8')).clips.map((c) => c.id) : []
    await expect.poll(clipIds, { timeout: 15_000 }).toEqual(['clip1', 'clip2'])
    await page.reload()
    await page.getByTestId('recovery-offer').waitFor({ timeout: 15_000 })
    await page.getByTestId('recovery-restore').click()
    await page.getByTestId('compose-screen').waitFor()
    await page.getByTestId('clip-list').getByText(/clip2/).waitFor()
    await expect(page.getByTestId('project-title').textContent()).resolves.toMatch(/•$/)
    await studio.shot('compose-recovered')
    expect(studio.problems.filter((p) => !/AudioContext/.test(p))).toEqual([])
  })

  it('saves with File → Save (clean state, recovery file gone) and reopens with File → Open', async () => {
    const page = studio.page
    const file = join(studio.tmp, 'tune.crnnproj')
    studio.bridge.pickers.saves.push(file)
    studio.bridge.emit('menu:command', { command: 'project:save' })
    await expect.poll(() => existsSync(file), { timeout: 10_000 }).toBe(true)
    await page
      .getByTestId('project-title')
      .getByText(/^tune\.crnnproj$/)
      .waitFor()
    expect(existsSync(join(studio.tmp, 'data', 'recovery', 'autosave.crnnproj'))).toBe(false)
    const saved = parseProject(readFileSync(file, 'utf8'), file)
    expect(saved.clips.map((c) => c.id)).toEqual(['clip1', 'clip2'])
    expect(saved.clips[0].provenance.seed).toBe(7)
    // New (clean, so no question), then Open brings the saved song back.
    studio.bridge.emit('menu:command', { command: 'project:new' })
    await page
      .getByTestId('project-title')
      .getByText(/^untitled$/)
      .waitFor()
    studio.bridge.pickers.opens.push(file)
    studio.bridge.emit('menu:command', { command: 'project:open' })
    await page
      .getByTestId('project-title')
      .getByText(/^tune\.crnnproj$/)
      .waitFor()
    await page.getByTestId('clip-list').getByText(/clip2/).waitFor()
  })

  it('pauses, resumes and stops a run, lists runs from disk and resumes one from its checkpoint', async () => {
    const page = studio.page
    await page.getByTestId('nav-train').click()
    // After the reload the first run comes back from disk.
    await page.getByTestId('run-item').first().waitFor()
    await page.getByTestId('train-preset').selectOption('tiny')
    await page.getByTestId('train-epochs').fill('400')
    await page.getByTestId('train-start').click()
    const epoch = page.getByTestId('train-epoch')
    await epoch.getByText(/^([3-9]|\d\d+) \/ 400$/).waitFor({ timeout: 120_000 })
    await page.getByTestId('train-pause').click()
    await page.getByTestId('run-state').getByText('paused').waitFor({ timeout: 30_000 })
    const frozen = await page.getByTestId('train-progress').textContent()
    await page.waitForTimeout(1500)
    await expect(page.getByTestId('train-progress').textContent()).resolves.toBe(frozen)
    await studio.shot('train-paused')
    await page.getByTestId('train-continue').click()
    await page.getByTestId('run-state').getByText('training').waitFor()
    await page.getByTestId('train-stop').click()
    await page.getByTestId('run-state').getByText('stopped').waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('run-item').count()).resolves.toBe(2)
    // Resume the stopped run from its checkpoint: training continues past the stop point, then stop again.
    const stoppedAt = Number(/^(\d+)/.exec((await epoch.textContent()) ?? '')?.[1])
    await page.getByTestId('run-item').first().getByRole('button', { name: 'Resume training' }).click()
    await page.getByTestId('run-state').getByText('training').waitFor({ timeout: 30_000 })
    await expect
      .poll(async () => Number(/^(\d+)/.exec((await epoch.textContent()) ?? '')?.[1]), { timeout: 60_000 })
      .toBeGreaterThan(stoppedAt)
    await page.getByTestId('train-stop').click()
    await page.getByTestId('run-state').getByText('stopped').waitFor({ timeout: 30_000 })
    expect(studio.problems.filter((p) => !/AudioContext/.test(p))).toEqual([])
  })
})
