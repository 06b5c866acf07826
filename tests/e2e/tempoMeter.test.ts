// End-to-end: tempo and meter in Chromium. The song's one tempo and time signature are edited in the tempo menu, and
// changes along the song are added, moved and deleted on the tempo track; the transport's bar:beat and clock, snap,
// real playback, Insert (after the last bar of the meter map) and the exported MIDI all follow them. Drags on the
// ruler and the velocity lane with the real mouse keep the pointer off their strip, and Escape takes one back (a
// tempo marker's drag too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { barAt, nextBarTick, songEndTick } from '../../src-main/common/music/time'
import { clipsInSong } from '../../src-main/common/project/project'
import { ComposePage } from './support/composePage'
import { openStudio, type Studio } from './support/harness'
import { RollPage } from './support/rollPage'

describe('tempo and meter (real starter model)', () => {
  let studio: Studio
  let compose: ComposePage
  let roll: RollPage

  beforeAll(async () => {
    studio = await openStudio()
    compose = new ComposePage(studio)
    roll = new RollPage(studio)
    await compose.open()
  })
  afterAll(async () => {
    await studio?.close()
  })

  it("edits the song's one tempo and meter; bar:beat, clock, snap and playback follow", async () => {
    await roll.setTempo(60)
    await expect(roll.tempoMenu.textContent()).resolves.toMatch(/♩60 4\/4/)
    // Real playback at 60 BPM: about one beat per second (at the old fixed 120 it would be two).
    await roll.playButton.click()
    await roll.playButton.getByText('❚❚').waitFor()
    const t0 = Date.now()
    await studio.page.waitForTimeout(2500)
    await roll.playButton.click()
    const elapsed = (Date.now() - t0) / 1000
    const [bar, beat] = (await roll.position()).split(':').map(Number)
    const beats = (bar - 1) * 4 + (beat - 1)
    expect(Math.abs(beats - elapsed), `${beats} beats in ${elapsed} s`).toBeLessThanOrEqual(1)
    await studio.page.getByTestId('stop').click()

    await roll.setTempo(90)
    await roll.setMeter(3, 4, () => studio.shot('tempo-menu-meter'))
    await expect(roll.tempoMenu.textContent()).resolves.toMatch(/♩90 3\/4/)
    // Tick 1440 = three quarter notes: bar 2 in 3/4 (it would be 1:4 in 4/4), 2 s at 90 BPM.
    await roll.seek(1440)
    expect(await roll.position()).toBe('2:1')
    expect(await roll.clock()).toBe('0:02.000')
    expect(await roll.markerTicks('meter')).toEqual([0])

    // Snap to whole notes is measured from each bar line: a click inside bar 2 lands on 1440, not 1920.
    await roll.setSnap('1')
    const box = (await studio.page.getByTestId('roll').boundingBox())!
    await studio.page.mouse.click((await roll.tickX(1440 + 900)) + 1, box.y + box.height / 2)
    const saved = await compose.saveProject()
    const drawn = saved.tracks.flatMap((t) => t.notes)
    expect(drawn.map((n) => [n.startTick, n.durationTicks])).toEqual([[1440, 1920]])
    expect(saved.tempos).toEqual([{ tick: 0, bpm: 90 }])
    expect(saved.timeSignatures).toEqual([{ tick: 0, numerator: 3, denominator: 4 }])
    await roll.setSnap('4')
  })

  it('adds, moves and deletes tempo and meter changes on the tempo track, one undo step each', async () => {
    const page = studio.page
    await roll.seek(2880) // bar 3
    await page.getByTestId('tempo-add').click()
    await page.getByTestId('tempo-edit-bpm').fill('180')
    await page.getByTestId('tempo-edit-bpm').press('Enter')
    await page.getByTestId('tempo-edit-done').click()
    expect(await roll.markerTicks('tempo')).toEqual([0, 2880])
    await expect(roll.tempoMarkers().filter({ hasText: '♩180' }).count()).resolves.toBe(1)

    await page.getByTestId('meter-add').click()
    await page.getByTestId('meter-edit-num').fill('6')
    await page.getByTestId('meter-edit-num').press('Enter')
    await page.getByTestId('meter-edit-den').selectOption('8')
    await studio.shot('tempo-meter-edit')
    await page.getByTestId('tempo-edit-done').click()
    expect(await roll.markerTicks('meter')).toEqual([0, 2880])
    await studio.shot('tempo-track')

    // A marker drag is a gesture like the roll's: Escape with the real mouse still down puts the change back.
    await roll.dragMarker(roll.tempoMarkers().filter({ hasText: '♩180' }), 3840, async () => {
      expect(await roll.markerTicks('tempo')).toEqual([0, 3840])
      await page.keyboard.press('Escape')
    })
    expect(await roll.markerTicks('tempo')).toEqual([0, 2880])
    // Drag the tempo change one beat later (snap 1/4), and the meter change to the nearest bar line of 3/4.
    await roll.dragMarker(roll.tempoMarkers().filter({ hasText: '♩180' }), 3360)
    expect(await roll.markerTicks('tempo')).toEqual([0, 3360])
    await roll.dragMarker(roll.meterMarkers().filter({ hasText: '6/8' }), 4400)
    expect(await roll.markerTicks('meter')).toEqual([0, 4320])
    // The clock follows the map: 3360 ticks at 90 BPM (4.667 s), then 960 at 180 (0.667 s).
    await roll.seek(4320)
    expect(await roll.clock()).toBe('0:05.333')
    expect(await roll.position()).toBe('4:1')
    // 6/8 from bar 4: beats are eighths (240 ticks), so 4320 + 4·240 is beat 5 of bar 4 (in 3/4: 4:3).
    await roll.seek(4320 + 960)
    expect(await roll.position()).toBe('4:5')

    // Delete the meter change from its editor; Undo brings it back in one step.
    await roll.meterMarkers().filter({ hasText: '6/8' }).click()
    await page.getByTestId('tempo-edit-delete').click()
    expect(await roll.markerTicks('meter')).toEqual([0])
    await roll.undo()
    expect(await roll.markerTicks('meter')).toEqual([0, 4320])

    const song = await compose.saveProject()
    expect(song.tempos).toEqual([
      { tick: 0, bpm: 90 },
      { tick: 3360, bpm: 180 },
    ])
    expect(song.timeSignatures).toEqual([
      { tick: 0, numerator: 3, denominator: 4 },
      { tick: 4320, numerator: 6, denominator: 8 },
    ])
    // Exported MIDI carries the same maps.
    const exported = await compose.exportSong()
    expect(exported.tempos.map((t) => [t.tick, Math.round(t.bpm)])).toEqual([
      [0, 90],
      [3360, 180],
    ])
    expect(exported.timeSignatures.map((m) => [m.tick, m.numerator, m.denominator])).toEqual([
      [0, 3, 4],
      [4320, 6, 8],
    ])
  })

  it('keeps ruler and velocity drags going off their strip (pointer capture); Escape takes a drag back', async () => {
    const page = studio.page
    const ruler = (await page.getByTestId('ruler').boundingBox())!
    const lane = (await page.getByTestId('velocity-lane').boundingBox())!
    const loopOn = async () => /\bon\b/.test((await page.getByTestId('loop').getAttribute('class')) ?? '')
    expect(await loopOn()).toBe(false)
    await roll.clickRuler(0.7)
    const at = await roll.position()
    // Press on the ruler, then leave it for the notes below: only a captured pointer still reaches the ruler.
    const drag = async (finish: 'release' | 'escape') => {
      const y = ruler.y + ruler.height / 2
      await page.mouse.move(ruler.x + 4, y)
      await page.mouse.down()
      await page.mouse.move(ruler.x + ruler.width * 0.4, y + 120, { steps: 5 })
      if (finish === 'escape') await page.keyboard.press('Escape')
      await page.mouse.up()
    }
    await drag('escape')
    expect(await loopOn()).toBe(false)
    expect(await roll.position()).toBe(at) // a cancelled press does not seek either
    await drag('release')
    expect(await loopOn()).toBe(true)
    expect(await roll.position()).toBe(at)
    await page.getByTestId('loop').click()

    // Paint the drawn note (at 1440, velocity 100) from the top of the lane, then wander off over the notes.
    const x = await roll.tickX(1440)
    expect(x, 'the drawn note is in view').toBeLessThan(ruler.x + ruler.width)
    await roll.press('Escape') // no drag: deselects, so the lane paints the notes under the pointer
    const velocities = async () =>
      (await compose.saveProject()).tracks.flatMap((t) => t.notes.map((n) => n.velocity))
    const before = await velocities()
    const paint = async (finish: 'release' | 'escape') => {
      await page.mouse.move(x + 1, lane.y + 2)
      await page.mouse.down()
      await page.mouse.move(x + 1, lane.y - 60, { steps: 3 })
      if (finish === 'escape') await page.keyboard.press('Escape')
      await page.mouse.up()
    }
    await paint('escape')
    expect(await velocities()).toEqual(before)
    await paint('release')
    expect(await velocities()).toEqual(before.map(() => 127))
    await roll.undo()
    expect(await velocities()).toEqual(before)
  })

  it('inserts a candidate on the first bar line after the song under the meter map', async () => {
    await compose.settings({ seed: 5, count: 1, events: 24 })
    const batch = await compose.generate()
    await compose.insert(compose.card(batch))
    const song = await compose.saveProject()
    const clip = clipsInSong(song).at(-1)!
    const ids = new Set(clip.noteIds)
    const before = {
      ...song,
      tracks: song.tracks.map((t) => ({ ...t, notes: t.notes.filter((n) => !ids.has(n.id)) })),
    }
    // The drawn note ends at 3360 (bar 3 of 3/4): the next bar line is 4320, where 6/8 starts.
    expect(songEndTick(before)).toBe(3360)
    expect(clip.atTick).toBe(nextBarTick(song, 3360))
    expect(clip.atTick).toBe(4320)
    expect(barAt(song, clip.atTick)).toMatchObject({ startTick: 4320, numerator: 6, denominator: 8 })
    await studio.shot('tempo-insert')
    expect(studio.problems.filter((p) => !/AudioContext/.test(p))).toEqual([])
  })
})
