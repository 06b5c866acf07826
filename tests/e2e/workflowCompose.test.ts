// End-to-end, issue 11 "defects found in use" in Compose and the piano roll, with the real shipped starter model
// and MIDI files written here: Import MIDI asks first and is undoable (plus "Import as new tracks"); a bad file gets
// a notice naming it; Quantize merges what it stacks; the quantize popover shows its fields whole; playback stops at
// the song's end; Insert makes its track the active one (or goes into the active track); Play sounds exactly like
// the inserted result (keep beats / keep seconds), Raw like the output; 'newest' keeps a ranked batch best first;
// the velocity lane stays clear of the status line and the clip list.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Song } from '../../src-main/common/music/song'
import { ticksToSeconds } from '../../src-main/common/music/time'
import { clipsInSong } from '../../src-main/common/project/project'
import { END_TAIL_SECONDS } from '../../src-renderer/src/playback/schedule'
import { ComposePage } from './support/composePage'
import { openStudio, type Studio } from './support/harness'
import { songOf, writeMidi } from './support/midiFixtures'
import { RollPage } from './support/rollPage'

/** Onsets and end (seconds, from the clip's start) of the last inserted clip in a saved song. */
function lastClip(song: Song): {
  onsets: number[]
  seconds: number
  notes: { pitch: number; tick: number }[]
} {
  const clip = clipsInSong(song).at(-1)!
  const ids = new Set(clip.noteIds)
  const notes = song.tracks.flatMap((t) => t.notes.filter((n) => ids.has(n.id)))
  const t0 = ticksToSeconds(song, clip.atTick)
  const end = Math.max(...notes.map((n) => n.startTick + n.durationTicks))
  return {
    onsets: notes.map((n) => ticksToSeconds(song, n.startTick) - t0).sort((a, b) => a - b),
    seconds: ticksToSeconds(song, end) - t0,
    notes: notes.map((n) => ({ pitch: n.pitch, tick: n.startTick - clip.atTick })),
  }
}

/** Seconds a raw candidate lasts as generated: its fingerprint "pitch@start+dur" in 384-PPQ ticks at 45 BPM. */
function rawSeconds(fingerprint: string): number {
  const ends = fingerprint
    .split(' ')
    .filter(Boolean)
    .map((n) => /@(\d+)\+(\d+)/.exec(n)!)
    .map((m) => Number(m[1]) + Number(m[2]))
  const first = Math.min(...fingerprint.split(' ').map((n) => Number(/@(\d+)/.exec(n)?.[1])))
  return ((Math.max(...ends) - first) / 384) * (60 / 45)
}

describe('Compose and piano-roll workflow (real starter model)', () => {
  let studio: Studio
  let compose: ComposePage
  let roll: RollPage
  let twoParts: string

  beforeAll(async () => {
    studio = await openStudio()
    compose = new ComposePage(studio)
    roll = new RollPage(studio)
    twoParts = writeMidi(
      studio.tmp,
      'two parts.mid',
      songOf('two parts', [
        [
          [72, 0, 480],
          [74, 480, 480],
          [76, 960, 480],
        ],
        [
          [48, 0, 960],
          [43, 960, 960],
        ],
      ]),
    )
    await compose.open()
  })
  afterAll(async () => {
    await studio?.close()
  })

  it('asks before Import MIDI replaces unsaved work, undoes it in one step, and imports as new tracks', async () => {
    await roll.clickRoll(0.3, 0.5)
    expect(await roll.noteCount()).toBe(1)
    const declined = await roll.importMidi(twoParts, 'dismiss')
    expect(declined.question ?? '(nothing was asked)', 'the discard question New and Open ask').toMatch(
      /Discard the unsaved changes/,
    )
    expect(await roll.noteCount()).toBe(1)
    roll.clearPickers()

    const accepted = await roll.importMidi(twoParts, 'accept')
    expect(accepted.question ?? '(nothing was asked)').toMatch(/Discard the unsaved changes/)
    await expect.poll(() => roll.noteCount()).toBe(5)
    expect(await roll.undoButton.isEnabled()).toBe(true)
    await roll.undo()
    expect(await roll.noteCount()).toBe(1)

    await roll.importTracks(twoParts)
    await expect.poll(() => roll.noteCount()).toBe(6)
    const t = await roll.tracks()
    expect(t.names).toEqual(['Piano', 'two parts: part 1', 'two parts: part 2'])
    expect(t.active).toBe('two parts: part 1')
    await studio.shot('workflow-import-tracks')
    await roll.undo()
    expect(await roll.noteCount()).toBe(1)
    expect((await roll.tracks()).names).toEqual(['Piano'])
  })

  it('shows a notice naming a bad file and the reason, and keeps the song', async () => {
    const bad = join(studio.tmp, 'broken tune.mid')
    writeFileSync(bad, 'this is a text file, not MIDI')
    await roll.importMidi(bad, 'accept')
    const notice = studio.page.getByTestId('notice-error').last()
    await notice.waitFor({ timeout: 10_000 })
    await expect(notice.textContent()).resolves.toMatch(
      /Could not import “broken tune\.mid”: it is not a MIDI file/,
    )
    expect(await roll.noteCount()).toBe(1)
    await studio.shot('workflow-bad-file')
    await notice.getByRole('button', { name: 'Dismiss' }).click()
  })

  it('merges same-pitch notes that Quantize puts on one tick, and says so', async () => {
    const wobbly = writeMidi(
      studio.tmp,
      'wobbly.mid',
      songOf('wobbly', [
        [
          [60, 0, 200],
          [60, 50, 200],
          [64, 0, 200],
          [60, 130, 100],
        ],
      ]),
    )
    await roll.importMidi(wobbly, 'accept')
    await expect.poll(() => roll.noteCount()).toBe(4)
    await roll.setSnap('8')
    await roll.press('Control+a')
    await roll.press('q')
    await expect.poll(() => roll.noteCount()).toBe(3)
    const info = studio.page.getByTestId('notice-info').filter({ hasText: 'Quantize merged' })
    await expect(info.textContent()).resolves.toMatch(/merged 1 note that landed on the same tick and pitch/)
  })

  it('shows the quantize popover’s fields whole, lined up, inside the window', async () => {
    const panel = await roll.openQuantizeMenu()
    await studio.shot('workflow-quantize-popover')
    const fields = await panel.locator('input, select').evaluateAll((els) =>
      els.map((el) => {
        const e = el as HTMLInputElement | HTMLSelectElement
        const b = e.getBoundingClientRect()
        const p = e.closest('[role="group"]')!.getBoundingClientRect()
        const ctx = document.createElement('canvas').getContext('2d')!
        ctx.font = getComputedStyle(e).font
        const text = e instanceof HTMLSelectElement ? (e.selectedOptions[0]?.text ?? '') : e.value
        // A select needs room for its arrow besides the text.
        const need = ctx.measureText(text).width + (e instanceof HTMLSelectElement ? 22 : 8)
        return {
          tag: e.tagName,
          fits: e.scrollWidth <= e.clientWidth && need <= e.clientWidth,
          inside: b.left >= p.left && b.right <= p.right && p.right <= window.innerWidth,
          left: Math.round(b.left),
        }
      }),
    )
    expect(fields).toHaveLength(3)
    for (const f of fields) expect(f, JSON.stringify(f)).toMatchObject({ fits: true, inside: true })
    expect(new Set(fields.map((f) => f.left)).size, 'the fields line up').toBe(1)
    await studio.page.keyboard.press('Escape')
  })

  it('stops playback at the end of the song', async () => {
    const short = writeMidi(studio.tmp, 'short.mid', songOf('short', [[[67, 0, 240]], [[60, 240, 240]]]))
    await roll.importMidi(short, 'accept')
    await expect.poll(() => roll.noteCount()).toBe(2)
    await roll.playButton.click()
    await roll.playButton.getByText('❚❚').waitFor()
    // 480 ticks at 120 BPM = 0.5 s of music.
    await roll.playButton.getByText('▶').waitFor({ timeout: 5_000 })
    expect(await roll.position()).toBe('1:1')
  })

  it('makes the inserted track the active one, or inserts into the active track', async () => {
    await roll.importMidi(twoParts, 'accept')
    await compose.settings({ seed: 11, count: 2, events: 24 })
    const batch = await compose.generate()
    const card = compose.card(batch)
    await compose.insert(card)
    let t = await roll.tracks()
    expect(t.active, 'the generated track is the one being edited').toBe('Generated 1')
    const generated = t.notes[t.names.indexOf('Generated 1')]
    // Drawing now adds to that track (far right, low: empty space).
    await roll.clickRoll(0.97, 0.97)
    t = await roll.tracks()
    expect(t.notes[t.names.indexOf('Generated 1')]).toBe(generated + 1)
    expect(t.notes.slice(0, 2)).toEqual([3, 2])

    await roll.selectTrack('part 1')
    await compose.insertOptions({ target: 'active' })
    await compose.insert(card)
    t = await roll.tracks()
    expect(t.names).toEqual(['part 1', 'part 2', 'Generated 1'])
    expect(t.active).toBe('part 1')
    expect(t.notes[0]).toBeGreaterThan(3)
    await studio.shot('workflow-insert-active')
    await compose.insertOptions({ target: 'new' })
  })

  it('plays exactly what Insert adds, keeping beats or seconds; Raw plays the output as generated', async () => {
    await compose.settings({ seed: 3, count: 1, events: 48 })
    const batch = await compose.generate()
    const card = compose.card(batch)
    const raw = rawSeconds((await card.getAttribute('data-notes')) ?? '')

    for (const timing of ['beats', 'seconds'] as const) {
      if (timing === 'seconds') await compose.insertOptions({ timing })
      const heard = await compose.listen(card, 'play')
      const planned = ((await card.getAttribute('data-play-onsets')) ?? '').split(' ').map(Number)
      await compose.insert(card)
      const clip = lastClip(await compose.saveProject())
      expect(clip.seconds, 'long enough to tell the modes apart').toBeGreaterThan(1.2)
      // What was heard lasted as long as the inserted clip lasts under the song's tempo map (+ the release tail)…
      const want = clip.seconds + END_TAIL_SECONDS
      expect(Math.abs(heard - want), `heard ${heard} s, inserted ${clip.seconds} s`).toBeLessThan(0.6)
      // …and the audition's scheduled onsets are the inserted notes' onsets, in seconds.
      expect(planned).toHaveLength(clip.onsets.length)
      planned.forEach((t, i) => expect(t).toBeCloseTo(clip.onsets[i], 3))
      if (timing === 'seconds') expect(clip.seconds).toBeCloseTo(raw, 1)
      else expect(clip.seconds).toBeLessThan(raw * 0.6) // 120 BPM song vs the generator's 45 BPM
    }
    const rawHeard = await compose.listen(card, 'raw')
    expect(
      Math.abs(rawHeard - raw - END_TAIL_SECONDS),
      `raw heard ${rawHeard} s, generated ${raw} s`,
    ).toBeLessThan(0.6)
    await compose.insertOptions({ timing: 'beats' })
  })

  it("lists a ranked batch best first under 'newest', as the critic sort does", async () => {
    await compose.settings({ seed: 21, count: 4, events: 16 })
    const batch = await compose.generate()
    const order = async (): Promise<string[]> =>
      (
        await compose
          .cards()
          .evaluateAll((els) =>
            els.map((e) => e.getAttribute('data-batch') + ':' + e.getAttribute('data-index')),
          )
      ).filter((id) => id.startsWith(`${batch}:`))
    await studio.page.getByTestId('compose-sort').selectOption('newest')
    const newest = await order()
    await studio.page.getByTestId('compose-sort').selectOption('score')
    const best = await order()
    await studio.page.getByTestId('compose-sort').selectOption('newest')
    expect(new Set(best).size).toBe(4)
    expect(newest).toEqual(best)
    // And the newest batch is on top.
    await expect(compose.cards().first().getAttribute('data-batch')).resolves.toBe(String(batch))
  })

  it('keeps the velocity lane clear of the status line and the clip list', async () => {
    const page = studio.page
    const clear = async (): Promise<void> => {
      const vel = (await page.getByTestId('velocity-lane').boundingBox())!
      const status = (await page.getByTestId('status').boundingBox())!
      const clips = (await page.getByTestId('clip-list').boundingBox())!
      expect(vel.y + vel.height, 'lane above the status line').toBeLessThanOrEqual(status.y + 0.5)
      expect(status.y + status.height).toBeLessThanOrEqual(clips.y + 0.5)
      expect(clips.y + clips.height).toBeLessThanOrEqual(800.5)
      const hit = await page.evaluate(
        ([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-testid'),
        [vel.x + 40, vel.y + vel.height - 4], // left end: the notices sit bottom right
      )
      expect(hit, 'the lane is what is under the pointer at its bottom edge').toBe('velocity-lane')
    }
    if ((await compose.clipCount()) === 0) {
      await compose.settings({ seed: 4, count: 1, events: 16 })
      await compose.insert(compose.card(await compose.generate()))
    }
    await clear()
    await studio.shot('workflow-velocity-lane')
    // Folding the generate column widens the roll; unfolding must shrink it back without overflowing.
    await page.getByTestId('compose-collapse').click()
    await clear()
    await page.getByTestId('compose-expand').click()
    await clear()
    const area = (await page.getByTestId('roll').boundingBox())!
    const doc = (await page.locator('.doc').boundingBox())!
    expect(area.x + area.width).toBeLessThanOrEqual(doc.x + doc.width + 0.5)
    expect(studio.problems.filter((p) => !/AudioContext/.test(p))).toEqual([])
  })
})
