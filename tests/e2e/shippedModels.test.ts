// End-to-end: the two shipped models in Chromium. Compose lists both by name with the default ('starter', here a tiny
// fixture whose card holds raw HTML) selected by the first-run offer; "About this model" shows the real paper
// model's card (headings, tables, lists) in a modal, and a card's HTML stays visible text (no element, no script);
// Train's run list opens the same card for a shipped model.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pointShippedModels, writeTinyStarter } from '../../src-main/app/services/testing/starterFixture'
import { openStudio, type Studio } from './support/harness'

const PAPER_DIR = resolve(import.meta.dirname, '../../resources/models/starter-paper')
const HOSTILE_CARD = [
  '# Model card: fixture <img src=x onerror="window.__pwned=1">',
  '',
  '<script>window.__pwned = 2</script>',
  '',
  'Trained on **nothing**; see [the docs](javascript:window.__pwned=3) and <b onclick="window.__pwned=4">this</b>.',
  '',
  '| data | licence |',
  '|---|---|',
  '| none | <a href="https://example.com">CC0</a> |',
].join('\n')

describe('shipped models: both listed, About this model', () => {
  let studio: Studio
  let restore: () => void = () => undefined
  const dir = mkdtempSync(join(tmpdir(), 'shipped-e2e-'))

  beforeAll(async () => {
    await writeTinyStarter(dir, 5, 50, HOSTILE_CARD)
    // The bridge runs the services in this process: the default model is the fixture, the paper model the real one.
    restore = pointShippedModels({ starter: dir, 'starter-paper': PAPER_DIR })
    studio = await openStudio()
  })
  afterAll(async () => {
    await studio?.close()
    restore()
    rmSync(dir, { recursive: true, force: true })
  })

  it('lists both models by name in Compose; the first-run offer selects the default', async () => {
    const page = studio.page
    await page.getByTestId('try-starter').click()
    await page.locator('[data-screen="compose"][aria-current="page"]').waitFor()
    await expect(page.getByTestId('compose-run').inputValue()).resolves.toBe('starter')
    const options = await page.getByTestId('compose-run').locator('option').allTextContents()
    expect(options.map((o) => o.trim().replace(/\s+/g, ' '))).toEqual([
      'Starter model · tiny · 5 epochs',
      'Paper model (faithful to Mogren 2016) · paper · 96 epochs',
    ])
    await expect(page.getByTestId('compose-about-model').isVisible()).resolves.toBe(true)
    await studio.shot('compose-shipped-models')
  })

  it("shows the paper model's card in a modal dialog: headings, tables, lists; Escape closes it", async () => {
    const page = studio.page
    await page.getByTestId('compose-run').selectOption('starter-paper')
    await page.getByTestId('compose-about-model').click()
    const dialog = page.getByTestId('model-card')
    await dialog.locator('h1').waitFor()
    await expect(dialog.locator('#model-card-title').textContent()).resolves.toBe(
      'About this model: Paper model (faithful to Mogren 2016)',
    )
    await expect(dialog.locator('h1').textContent()).resolves.toMatch(/^Model card/)
    const h2 = await dialog.locator('h2.md-h').allTextContents()
    expect(h2).toEqual(expect.arrayContaining(['Data and licences', 'Evaluation', 'Known limitations']))
    expect(await dialog.locator('table').count()).toBeGreaterThanOrEqual(5)
    await expect(dialog.locator('table').first().locator('th').first().textContent()).resolves.toBe('split')
    expect(await dialog.locator('ul > li').count()).toBeGreaterThan(5)
    await expect(dialog.locator('pre code').first().textContent()).resolves.toMatch(/npm run train:starter/)
    // Modal and readable at 1280×800: inside the window, the body scrolls.
    const box = (await dialog.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(800)
    expect(await page.evaluate(() => document.querySelector('dialog')?.matches(':modal'))).toBe(true)
    await studio.shot('model-card-paper')
    await dialog
      .getByTestId('model-card-body')
      .evaluate((el) => el.querySelectorAll('h2')[3]?.scrollIntoView())
    await studio.shot('model-card-paper-evaluation')
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    // Closing it did not generate (its buttons sit inside the Generate form).
    await expect(page.locator('[data-testid="candidate"]').count()).resolves.toBe(0)
  })

  it("keeps a card's raw HTML and links as text: no element is made, no script runs", async () => {
    const page = studio.page
    await page.getByTestId('compose-run').selectOption('starter')
    await page.getByTestId('compose-about-model').click()
    const body = page.getByTestId('model-card-body')
    await body.locator('h1').waitFor()
    await expect(body.locator('h1').textContent()).resolves.toBe(
      'Model card: fixture <img src=x onerror="window.__pwned=1">',
    )
    const text = (await body.textContent()) ?? ''
    expect(text).toContain('<script>window.__pwned = 2</script>')
    expect(text).toContain('<b onclick="window.__pwned=4">this</b>')
    expect(text).toContain('<a href="https://example.com">CC0</a>')
    for (const tag of ['img', 'script', 'a', 'b', 'iframe'])
      await expect(body.locator(tag).count(), tag).resolves.toBe(0)
    await expect(body.locator('strong').textContent()).resolves.toBe('nothing')
    await expect(body.locator('.link').getAttribute('title')).resolves.toBe('javascript:window.__pwned=3')
    await body.locator('.link').click()
    await page.getByTestId('model-card-close').click()
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(studio.problems.filter((p) => !/AudioContext/.test(p))).toEqual([])
  })

  it("opens a shipped model's card from Train's run list; it is read-only there", async () => {
    const page = studio.page
    await page.getByTestId('nav-train').click()
    const paper = page
      .getByTestId('run-item')
      .filter({ hasText: 'Paper model (faithful to Mogren 2016) (shipped)' })
    await paper.waitFor()
    await expect(paper.getByRole('button', { name: 'Resume training' }).count()).resolves.toBe(0)
    await expect(paper.getByTestId('run-export').count()).resolves.toBe(0)
    await paper.getByTestId('run-about-model').click()
    const dialog = page.getByTestId('model-card')
    await dialog.locator('h1').waitFor()
    await expect(dialog.locator('h1').textContent()).resolves.toMatch(/^Model card/)
    await studio.shot('train-model-card')
    await page.getByTestId('model-card-close').click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
  })
})
