// Page object of the Compose screen: model and checkpoint, generation settings (events or bars, key), the shared
// Play/Insert settings, candidates (play, raw, insert, sort) and the clips in the song; export through the test
// dialog.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { readSong } from '../../../src-main/common/midi/readSong'
import type { Song } from '../../../src-main/common/music/song'
import { parseProject } from '../../../src-main/common/project/project'
import type { Studio } from './harness'

export class ComposePage {
  #exports = 0
  constructor(private readonly studio: Studio) {}

  /** The current page (a restart opens a new one). */
  get page(): Page {
    return this.studio.page
  }

  get model(): Locator {
    return this.page.getByTestId('compose-run')
  }
  get checkpoint(): Locator {
    return this.page.getByTestId('compose-checkpoint')
  }

  /** Opens Compose and waits until a model is selected (the run list answered). */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-compose').click()
    await this.page.getByTestId('compose-screen').waitFor()
    await this.page.waitForFunction(
      () => (document.querySelector('[data-testid="compose-run"]') as HTMLSelectElement | null)?.value,
    )
  }

  /** Epochs offered as "after epoch N" in the checkpoint menu. */
  async checkpointEpochs(): Promise<number[]> {
    const values = await this.checkpoint
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    return values.filter((v) => /^\d+$/.test(v)).map(Number)
  }

  /** Fills the generation form. */
  async settings(o: { seed?: number; count?: number; events?: number; bars?: number; fitKey?: boolean }) {
    const p = this.page
    if (o.seed !== undefined) await p.getByTestId('compose-seed').fill(String(o.seed))
    if (o.count !== undefined) await p.getByTestId('compose-count').fill(String(o.count))
    if (o.events !== undefined) {
      // (A build without lengths in bars has no unit menu: events is all there is.)
      const unit = p.getByTestId('compose-length-unit')
      if (await unit.count()) await unit.selectOption('events')
      await p.getByTestId('compose-length').fill(String(o.events))
    }
    if (o.bars !== undefined) {
      await p.getByTestId('compose-length-unit').selectOption('bars')
      await p.getByTestId('compose-bars').fill(String(o.bars))
    }
    if (o.fitKey !== undefined) await p.getByTestId('compose-fit-key').setChecked(o.fitKey)
  }

  /** The settings Play and Insert share. */
  async insertOptions(o: {
    timing?: 'beats' | 'seconds'
    target?: 'new' | 'active'
    quantize?: boolean
    strength?: number
  }): Promise<void> {
    const p = this.page
    if (o.timing) await p.getByTestId('insert-timing').selectOption(o.timing)
    if (o.target) await p.getByTestId('insert-target').selectOption(o.target)
    if (o.quantize !== undefined) await p.getByTestId('insert-quantize').setChecked(o.quantize)
    if (o.strength !== undefined) {
      await p.getByTestId('insert-strength').fill(String(o.strength))
      await p.getByTestId('insert-strength').press('Enter')
    }
  }

  cards(batch?: number): Locator {
    return this.page.locator(
      `[data-testid="candidate"]${batch === undefined ? '' : `[data-batch="${batch}"]`}`,
    )
  }

  /** Presses Generate and waits for the batch after the highest one shown; returns its number. */
  async generate(): Promise<number> {
    const batches = await this.cards().evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-batch'))),
    )
    const next = Math.max(0, ...batches) + 1
    await this.page.getByTestId('compose-generate').click()
    await this.cards(next).first().waitFor({ timeout: 120_000 })
    return next
  }

  /** A card of `batch` that has notes (the first, or the one at `index` in the batch). */
  card(batch: number, index?: number): Locator {
    const cards = this.cards(batch)
    return index === undefined
      ? cards.filter({ hasNot: this.page.locator('text=0 notes') }).first()
      : cards.nth(index)
  }

  /**
   * Plays `card` (Play = as it would be inserted, Raw = the output as generated) and measures, in seconds, how long
   * it sounds: from its button showing ■ until it shows ▶ / Raw again by itself.
   */
  async listen(card: Locator, which: 'play' | 'raw', timeoutMs = 60_000): Promise<number> {
    const button = card.getByTestId(which === 'play' ? 'candidate-play' : 'candidate-raw')
    await button.click()
    await button.getByText('■').waitFor()
    const t0 = Date.now()
    await button.getByText(which === 'play' ? '▶ Play' : 'Raw').waitFor({ timeout: timeoutMs })
    return (Date.now() - t0) / 1000
  }

  async insert(card: Locator): Promise<void> {
    const before = await this.clipCount()
    await card.getByTestId('candidate-insert').click()
    await this.page.getByTestId('clip-list').locator('li').nth(before).waitFor({ timeout: 10_000 })
  }
  async clipCount(): Promise<number> {
    return this.page.getByTestId('clip-list').locator('li').count()
  }

  /** File › Save (As) to a fresh project file through the test dialog; returns the saved song (note ids kept). */
  async saveProject(): Promise<Song> {
    const out = join(this.studio.tmp, `project-${++this.#exports}.crnnproj`)
    this.studio.bridge.pickers.saves.push(out)
    this.studio.bridge.emit('menu:command', { command: 'project:saveAs' })
    const deadline = Date.now() + 10_000
    while (!existsSync(out) && Date.now() < deadline) await this.page.waitForTimeout(100)
    return parseProject(readFileSync(out, 'utf8'), out).song
  }

  /** Export MIDI… of the whole song to a fresh file; returns it parsed. */
  async exportSong(): Promise<Song> {
    const out = join(this.studio.tmp, `export-${++this.#exports}.mid`)
    this.studio.bridge.pickers.saves.push(out)
    await this.page.getByTestId('compose-export').click()
    const deadline = Date.now() + 10_000
    while (!existsSync(out) && Date.now() < deadline) await this.page.waitForTimeout(100)
    return readSong(new Uint8Array(readFileSync(out)))
  }
}
