// End-to-end: what issue #9's new user did — Compose → starter model → Generate — with the real default model
// (the studio preset's). Every event of a 100-event phrase becomes a note, the notes are audible, some start
// together (chords), and two seeds differ; the paper model failed all four (45 of 100 events kept, median velocity
// 13, polyphony 0.01). The screenshot of the inserted phrase is the README's picture of the roll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clipsInSong } from '../../src-main/common/project/project'
import { ComposePage } from './support/composePage'
import { openStudio, type Studio } from './support/harness'

describe('the default starter model generates a phrase a composer can hear (real model)', () => {
  let studio: Studio
  let compose: ComposePage

  beforeAll(async () => {
    studio = await openStudio()
    compose = new ComposePage(studio)
    await compose.open()
  })
  afterAll(async () => {
    await studio?.close()
  })

  it('keeps every event as a note, at an audible velocity, with chords; seeds differ', async () => {
    await expect(studio.page.getByTestId('compose-run').inputValue()).resolves.toBe('starter')
    await compose.settings({ seed: 7, count: 2, events: 100 })
    const batch = await compose.generate()
    const notesOf = async (i: number): Promise<string[]> =>
      ((await compose.card(batch, i).getAttribute('data-notes')) ?? '').split(' ').filter(Boolean)
    const [a, b] = [await notesOf(0), await notesOf(1)]
    expect(a).not.toEqual(b)
    await compose.insert(compose.card(batch, 0))
    const song = await compose.saveProject()
    const ids = new Set(clipsInSong(song).at(-1)!.noteIds)
    const notes = song.tracks.flatMap((t) => t.notes.filter((n) => ids.has(n.id)))
    expect(notes.length).toBeGreaterThanOrEqual(90) // of 100 events
    const velocities = notes.map((n) => n.velocity).sort((x, y) => x - y)
    expect(velocities[velocities.length >> 1]).toBeGreaterThanOrEqual(40)
    const onsets = new Set(notes.map((n) => n.startTick))
    expect(onsets.size).toBeLessThan(notes.length) // some notes start together
    await studio.shot('starter-phrase')
  })
})
