// End-to-end: generating in musical units with the real shipped starter model. Length in bars (the event count
// worked out from the model's own output and shown as a detail), into the song's key (the card says so), quantize
// to the roll's grid on insert with a strength; the inserted clip fits the bars, the key and the grid, and its
// provenance says how; Raw on the card still plays the output as generated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inScale, nearestInScale } from '../../src-main/common/music/scale'
import { ticksAfterBars } from '../../src-main/common/music/time'
import { clipsInSong } from '../../src-main/common/project/project'
import { ComposePage } from './support/composePage'
import { openStudio, type Studio } from './support/harness'
import { RollPage } from './support/rollPage'

describe('generate in bars, into the key, quantized on insert (real starter model)', () => {
  let studio: Studio
  let compose: ComposePage
  let roll: RollPage
  const dMinor = { root: 2, scale: 'minor' as const }

  beforeAll(async () => {
    studio = await openStudio()
    compose = new ComposePage(studio)
    roll = new RollPage(studio)
    await compose.open()
  })
  afterAll(async () => {
    await studio?.close()
  })

  it('asks for 2 bars in D minor and inserts them on the 1/8 grid', async () => {
    const page = studio.page
    await expect(page.getByTestId('compose-fit-key').isDisabled()).resolves.toBe(true)
    await roll.setKey('D', 'minor')
    await roll.setSnap('8')
    // The toolbar keeps to one row at 1280×800 with a key and the tempo menu showing.
    const rows = await page.evaluate(() => {
      const header = document.querySelector('[data-testid="piano-roll"] > header')!
      const els = [...header.querySelectorAll<HTMLElement>('button, select')].filter(
        (el) => el.getClientRects().length,
      )
      return new Set(els.map((el) => Math.round(el.getBoundingClientRect().top))).size
    })
    expect(rows).toBe(1)
    await compose.settings({ seed: 9, count: 2, bars: 2, fitKey: true })
    await expect(page.getByTestId('compose-bars-events').textContent()).resolves.toMatch(
      /measured on Generate/,
    )
    const batch = await compose.generate()
    // After the first generation the model's events per beat are known: the detail shows the event count.
    const detail = (await page.getByTestId('compose-bars-events').textContent()) ?? ''
    const events = Number(/≈ (\d+) events/.exec(detail)?.[1])
    expect(events).toBeGreaterThan(2)
    const card = compose.card(batch)
    const text = (await card.getByTestId('candidate-detail').textContent()) ?? ''
    expect(text).toMatch(/^\s*2 bars · \d+ events · in D minor · plays \d+\.\d s/)

    await compose.insertOptions({ quantize: true, strength: 100 })
    await compose.insert(card)
    await studio.shot('units-inserted')
    const song = await compose.saveProject()
    const clip = clipsInSong(song).at(-1)!
    const ids = new Set(clip.noteIds)
    const notes = song.tracks.flatMap((t) => t.notes.filter((n) => ids.has(n.id)))
    expect(notes.length).toBeGreaterThan(0)
    const end = ticksAfterBars(song, clip.atTick, 2)
    for (const n of notes) {
      expect(inScale(n.pitch, dMinor), `pitch ${n.pitch} in D minor`).toBe(true)
      expect((n.startTick - clip.atTick) % 240, `onset ${n.startTick} on the 1/8 grid`).toBe(0)
      expect(n.startTick + n.durationTicks).toBeLessThanOrEqual(end)
    }
    // The inserted pitches are the raw ones moved into the key (the card keeps the raw output).
    const raw = ((await card.getAttribute('data-notes')) ?? '').split(' ').filter(Boolean)
    const fittedRaw = new Set(raw.map((n) => nearestInScale(Number(n.split('@')[0]), dMinor)))
    for (const n of notes) expect(fittedRaw.has(n.pitch)).toBe(true)
    expect(clip.provenance.settings).toMatchObject({
      bars: 2,
      key: 'D minor',
      timing: 'beats',
      quantize: { grid: 240, strength: 1 },
    })
    await expect(compose.page.getByTestId('clip-list').textContent()).resolves.toMatch(/2 bars · in D minor/)
  })

  it('keeps the raw output audible: Raw plays the candidate as generated, not fitted', async () => {
    const card = compose.card(1)
    await card.getByTestId('candidate-raw').click()
    await card.getByTestId('candidate-raw').getByText('■').waitFor()
    await studio.shot('units-raw-playing')
    await card.getByTestId('candidate-raw').getByText('Raw').waitFor({ timeout: 30_000 })
    // At half strength the onsets move only halfway: the provenance records it.
    await compose.insertOptions({ strength: 50 })
    await compose.insert(card)
    const song = await compose.saveProject()
    expect(clipsInSong(song).at(-1)!.provenance.settings).toMatchObject({
      quantize: { grid: 240, strength: 0.5 },
    })
    expect(studio.problems.filter((p) => !/AudioContext/.test(p))).toEqual([])
  })
})
