// End-to-end: fine-tuning in Chromium with the real trainer. 12 JSB chorales are imported; Train › Start from: the
// shipped paper model fixes the preset and the model shape (shown disabled, with why), defaults to 20 epochs and
// counts its 'cover' windows for the small-dataset warning; one short epoch trains on from the paper model's weights;
// the run list says "fine-tuned from …", and Compose generates from the result.
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pointShippedModels } from '../../src-main/app/services/testing/starterFixture'
import { corpusFiles, hasCorpus } from '../support/corpus'
import { ComposePage } from './support/composePage'
import { openStudio, type Studio } from './support/harness'
import { LibraryPage } from './support/libraryPage'

const PAPER_DIR = resolve(import.meta.dirname, '../../resources/models/starter-paper')

describe.skipIf(!hasCorpus)('fine-tuning the shipped paper model (real trainer)', () => {
  let studio: Studio
  let restore: () => void = () => undefined
  let runId = ''
  const chorales = corpusFiles('jsb-chorales/train').slice(0, 12)

  beforeAll(async () => {
    // Only the paper model (the one this tree ships for sure), so the flow is the same before and after the studio
    // model arrives.
    restore = pointShippedModels({ starter: null, 'starter-paper': PAPER_DIR })
    studio = await openStudio()
    const lib = new LibraryPage(studio)
    await lib.chooseFiles(chorales)
    await lib.startImport('JSB twelve')
    await lib.view.waitFor()
  })
  afterAll(async () => {
    await studio?.close()
    restore()
  })

  it('Start from the paper model: preset and shape fixed, 20 epochs, cover windows in the size check', async () => {
    const page = studio.page
    await page.getByTestId('nav-train').click()
    const from = page.getByTestId('train-start-from')
    await expect(from.locator('option').allTextContents()).resolves.toEqual([
      'Scratch (a new model)',
      'Paper model (faithful to Mogren 2016) · paper · 96 epochs',
    ])
    // From scratch, preset paper cuts one window per piece: 11 training pieces are less than one batch of 20.
    await page.getByTestId('train-preset').selectOption('paper')
    await expect(page.getByTestId('train-problem').textContent()).resolves.toMatch(
      /^12 files → 0 training steps per epoch with batch 20: nothing to train on/,
    )
    await from.selectOption('starter-paper')
    const preset = page.getByTestId('train-preset')
    await expect.poll(() => preset.isDisabled()).toBe(true)
    await expect(preset.locator('option:checked').textContent()).resolves.toBe(
      'Paper model (faithful to Mogren 2016) (fine-tuning)',
    )
    await expect(page.getByTestId('preset-description').textContent()).resolves.toMatch(
      /^Continues Paper model \(faithful to Mogren 2016\) \(epoch 96\) on your dataset: its preset paper, 350 hidden units and 1 note per step are fixed by it\.$/,
    )
    await expect(page.getByTestId('train-epochs').inputValue()).resolves.toBe('20')
    await page.locator('form[aria-label="New training run"] summary').click()
    await expect(page.getByTestId('train-hidden').isDisabled()).resolves.toBe(true)
    await expect(page.getByTestId('train-hidden').inputValue()).resolves.toBe('350')
    // The size check counts the fine-tune config's 'cover' windows (pieces shorter than a window are skipped) and,
    // since the preset is fixed, suggests a smaller batch rather than another preset.
    await expect(page.getByTestId('train-problem').textContent()).resolves.toBe(
      '12 files → 0 training steps per epoch with batch 20: nothing to train on; add files or lower the batch size (Advanced).',
    )
    await expect(page.getByTestId('train-start').isDisabled()).resolves.toBe(true)
    await page.locator('form[aria-label="New training run"] details').getByLabel('Batch').fill('8')
    await expect(page.getByTestId('train-size-warning').textContent()).resolves.toBe(
      '⚠ 12 files → 2 training steps per epoch with batch 8: training will learn little; add files or lower the batch size (Advanced).',
    )
    await expect(page.getByTestId('train-start').isDisabled()).resolves.toBe(false)
    await studio.shot('fine-tune-form')
  })

  it('fine-tunes for one short epoch; the run says what it was fine-tuned from', async () => {
    const page = studio.page
    // Tiny enough to be fast here: one epoch of 32-event windows in batches of 8 (8 steps: no warning).
    const advanced = page.locator('form[aria-label="New training run"] details')
    await advanced.getByLabel('Max length').fill('32')
    await page.getByTestId('train-epochs').fill('1')
    await page.getByTestId('train-seed').fill('5')
    await expect(page.getByTestId('train-size-warning').count()).resolves.toBe(0)
    await page.getByTestId('train-start').click()
    await page.getByTestId('run-state').getByText('finished').waitFor({ timeout: 240_000 })
    runId = ((await page.getByTestId('run-status').locator('.runid').textContent()) ?? '').trim()
    expect(runId).toMatch(/^run-/)
    const item = page.getByTestId('run-item').filter({ hasText: runId })
    await expect(item.getByTestId('run-fine-tuned-from').textContent()).resolves.toMatch(
      /^\s*fine-tuned from Paper model \(faithful to Mogren 2016\) \(epoch 96\)\s*$/,
    )
    await expect(item.textContent()).resolves.toMatch(/paper\+finetune · JSB twelve · 1\/1 epochs · seed\s+5/)
    const listed = await page.evaluate(async (id) => {
      const r = await window.studio!.invoke('train:list', {})
      if (!r.ok) throw new Error(r.error.message)
      return r.value.find((x) => x.runId === id)
    }, runId)
    expect(listed).toMatchObject({
      state: 'finished',
      epochsDone: 1,
      preset: 'paper+finetune',
      startFrom: { run: 'starter-paper', checkpointEpoch: 96 },
    })
    await studio.shot('fine-tune-finished')
  })

  it('generates from the fine-tuned run in Compose', async () => {
    const compose = new ComposePage(studio)
    await compose.open()
    await compose.model.selectOption(runId)
    await compose.settings({ seed: 7, count: 2, events: 24 })
    const batch = await compose.generate()
    await expect(compose.cards(batch).count()).resolves.toBe(2)
    // A trained paper-size model writes notes (an untrained one of this shape writes hardly any).
    const notes = await compose
      .cards(batch)
      .evaluateAll((els) =>
        els.map((el) => (el.getAttribute('data-notes') ?? '').split(' ').filter(Boolean).length),
      )
    expect(Math.max(...notes), JSON.stringify(notes)).toBeGreaterThan(0)
    await studio.shot('fine-tune-compose')
    expect(studio.problems.filter((p) => !/AudioContext/.test(p))).toEqual([])
  })
})
