// Page object of the piano roll (as embedded in Compose): status line, tracks, the MIDI menu's imports with the
// unsaved-changes question, undo, quantize and its popover, the tempo menu and the tempo track, the transport.
import type { Dialog, Locator, Page } from 'playwright-core'
import type { Studio } from './harness'

/** What happened to the confirm() an action raised. */
export interface Asked {
  /** The question shown, or null when none was asked. */
  readonly question: string | null
}

export class RollPage {
  constructor(private readonly studio: Studio) {}

  /** The current page (a restart opens a new one). */
  get page(): Page {
    return this.studio.page
  }

  get root(): Locator {
    return this.page.getByTestId('piano-roll')
  }
  get status(): Locator {
    return this.page.getByTestId('status')
  }
  /** Notes in the whole song, from the status line ("name · N notes · M selected"). */
  async noteCount(): Promise<number> {
    return Number(/(\d+) notes/.exec((await this.status.textContent()) ?? '')?.[1] ?? NaN)
  }
  /** Track names in the track list, and which one is being edited. */
  async tracks(): Promise<{ names: string[]; active: string | null; notes: number[] }> {
    const rows = this.page.getByTestId('track-list').locator('.track')
    const names: string[] = []
    const notes: number[] = []
    let active: string | null = null
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i)
      const button = row.locator('button.name')
      const name = (await button.getAttribute('data-track-name')) ?? '' // its title adds the instrument
      names.push(name)
      notes.push(Number(/^(\d+) notes/.exec((await button.locator('small').textContent()) ?? '')?.[1] ?? NaN))
      if ((await row.getAttribute('class'))?.includes('active')) active = name
    }
    return { names, active, notes }
  }
  async selectTrack(name: string): Promise<void> {
    await this.page.getByTestId('track-list').locator(`button.name[data-track-name="${name}"]`).click()
  }

  /** Clicks at a fraction of the note area (draw tool: adds a note there). */
  async clickRoll(fx: number, fy: number): Promise<void> {
    const box = (await this.page.getByTestId('roll').boundingBox())!
    await this.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy)
  }

  /** Runs `action`, answering a confirm() it raises with `answer`; returns the question (null if none). */
  async answering(answer: 'accept' | 'dismiss', action: () => Promise<void>): Promise<Asked> {
    let question: string | null = null
    const onDialog = (d: Dialog): void => {
      question = d.message()
      void (answer === 'accept' ? d.accept() : d.dismiss())
    }
    this.page.on('dialog', onDialog)
    try {
      await action()
      await this.page.waitForTimeout(300) // the dialog (if any) and the file read settle
    } finally {
      this.page.off('dialog', onDialog)
    }
    return { question }
  }

  /** Opens the MIDI ▾ menu (leaves it open if it already is). */
  async openMidiMenu(): Promise<void> {
    const trigger = this.root.getByRole('button', { name: 'MIDI', exact: true })
    if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click()
  }
  /** MIDI ▾ → Import MIDI… with `path` queued in the test dialog; a confirm() is answered with `answer`. */
  async importMidi(path: string, answer: 'accept' | 'dismiss' = 'accept'): Promise<Asked> {
    this.studio.bridge.pickers.opens.push(path)
    return this.answering(answer, async () => {
      await this.openMidiMenu()
      await this.page.getByTestId('import-midi').click()
    })
  }
  /** MIDI ▾ → Import as new tracks… */
  async importTracks(path: string): Promise<Asked> {
    this.studio.bridge.pickers.opens.push(path)
    return this.answering('dismiss', async () => {
      await this.openMidiMenu()
      await this.page.getByTestId('import-midi-tracks').click()
    })
  }
  /** Forgets answers the dialogs did not consume (a cancelled import leaves its path queued). */
  clearPickers(): void {
    this.studio.bridge.pickers.opens.length = 0
  }

  get undoButton(): Locator {
    return this.page.getByTestId('undo')
  }
  async undo(): Promise<void> {
    await this.undoButton.click()
  }

  /** Focuses the roll (so shortcuts reach the editor) and presses `keys`. */
  async press(keys: string): Promise<void> {
    await this.page.getByTestId('roll-area').focus()
    await this.page.keyboard.press(keys)
  }

  /** The ▾ next to Q: grid feel, quantize strength and swing. */
  async openQuantizeMenu(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Grid feel, quantize strength and swing' }).click()
    return this.page.getByRole('group', { name: 'Grid feel, quantize strength and swing' })
  }
  async setSnap(value: string): Promise<void> {
    await this.page.getByTestId('snap').selectOption(value)
  }
  /** Pitch ▾ → key and scale. */
  async setKey(root: string, scale: string): Promise<void> {
    // The trigger reads "Pitch", or the key once one is set; its tooltip stays.
    await this.page.locator('button.trigger[title="Transpose, velocity, key and scale"]').click()
    await this.page.getByTestId('key-root').selectOption({ label: root })
    await this.page.getByRole('combobox', { name: 'Scale' }).selectOption(scale)
    await this.page.keyboard.press('Escape')
  }

  /** The tempo ▾ menu (tempo and meter in force at the playhead). */
  async setTempo(bpm: number): Promise<void> {
    await this.page.getByTestId('tempo-menu').click()
    await this.page.getByTestId('tempo-bpm').fill(String(bpm))
    await this.page.getByTestId('tempo-bpm').press('Enter')
    await this.page.keyboard.press('Escape')
  }
  /** Sets the meter in the toolbar's tempo menu; `shot` (a screenshot of the open menu) runs before it closes. */
  async setMeter(numerator: number, denominator: number, shot?: () => Promise<unknown>): Promise<void> {
    await this.page.getByTestId('tempo-menu').click()
    await this.page.getByTestId('meter-num').fill(String(numerator))
    await this.page.getByTestId('meter-num').press('Enter')
    await this.page.getByTestId('meter-den').selectOption(String(denominator))
    await shot?.()
    await this.page.keyboard.press('Escape')
  }
  get tempoMenu(): Locator {
    return this.page.getByTestId('tempo-menu')
  }
  tempoMarkers(): Locator {
    return this.page.getByTestId('tempo-marker')
  }
  meterMarkers(): Locator {
    return this.page.getByTestId('meter-marker')
  }
  /** Ticks of the markers on the tempo track, in order. */
  async markerTicks(kind: 'tempo' | 'meter'): Promise<number[]> {
    const all = kind === 'tempo' ? this.tempoMarkers() : this.meterMarkers()
    return (await all.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-tick'))))).sort(
      (a, b) => a - b,
    )
  }

  /** Page x of `tick` on the ruler / tempo track (from the roll's exposed view mapping). */
  async tickX(tick: number): Promise<number> {
    const el = this.root.locator('.roll').first()
    const scroll = Number(await el.getAttribute('data-scroll-tick'))
    const ppt = Number(await el.getAttribute('data-px-per-tick'))
    const box = (await this.page.getByTestId('ruler').boundingBox())!
    return box.x + (tick - scroll) * ppt
  }
  /** Clicks the ruler at `tick` (moves the playhead there, snapped to the grid). */
  async seek(tick: number): Promise<void> {
    const box = (await this.page.getByTestId('ruler').boundingBox())!
    await this.page.mouse.click((await this.tickX(tick)) + 0.5, box.y + box.height / 2)
  }
  /**
   * Drags a tempo-track marker by as many pixels as lie between its tick and `tick` on the ruler; `beforeRelease`
   * runs with the button still down (to look at the drag, or to press Escape).
   */
  async dragMarker(marker: Locator, tick: number, beforeRelease?: () => Promise<void>): Promise<void> {
    const b = (await marker.boundingBox())!
    const from = Number(await marker.getAttribute('data-tick'))
    const dx = (await this.tickX(tick)) - (await this.tickX(from))
    const [x, y] = [b.x + b.width / 2, b.y + b.height / 2]
    await this.page.mouse.move(x, y)
    await this.page.mouse.down()
    await this.page.mouse.move(x + dx / 2, y, { steps: 4 })
    await this.page.mouse.move(x + dx + 1, y, { steps: 4 })
    await beforeRelease?.()
    await this.page.mouse.up()
  }

  /** Clicks the ruler at a fraction of its width (moves the playhead there, snapped). */
  async clickRuler(fx: number): Promise<void> {
    const box = (await this.page.getByTestId('ruler').boundingBox())!
    await this.page.mouse.click(box.x + box.width * fx, box.y + box.height / 2)
  }
  /** The transport's bar:beat. */
  async position(): Promise<string> {
    return (await this.page.getByTestId('position').textContent()) ?? ''
  }
  async clock(): Promise<string> {
    return (await this.page.getByTestId('clock').textContent()) ?? ''
  }
  get playButton(): Locator {
    return this.page.getByTestId('play')
  }
}
