// The Compose column as a composer drives it, mounted under a Studio whose client is main's own handler table (see
// tests/support/handlerStudio.ts) offering the real shipped starter model: the model list comes from `train:list`,
// typed values go through the form's schema check, Generate and Reroll sample with the real trainer host, lengths
// in bars use the rate measured on earlier batches, and Insert puts a candidate into the open project.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ComposePanel from '../../src-renderer/src/compose/ComposePanel.svelte'
import { createStudio } from '../../src-renderer/src/createStudio'
import { createClient } from '../../src-renderer/src/lib/ipc'
import type { Studio } from '../../src-renderer/src/lib/context'
import { Audition } from '../../src-renderer/src/playback/index'
import { startHandlerStudio, type HandlerStudio } from '../support/handlerStudio'
import WithStudio from '../support/WithStudio.svelte'

let main: HandlerStudio | undefined
let studio: Studio

beforeAll(async () => {
  main = await startHandlerStudio({ starter: 'shipped' })
  const api = main.api
  studio = createStudio(createClient(() => api))
})

afterAll(() => main?.close())

const SAMPLING = { timeout: 60_000 }
const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement
const type = (testId: string, value: string) => fireEvent.input(input(testId), { target: { value } })
const cards = () => screen.queryAllByTestId('candidate')
const inBatch = (batch: number) => cards().filter((c) => c.dataset.batch === String(batch))
/** [index, notes] of a batch's cards, by index. */
const phrases = (batch: number) =>
  inBatch(batch)
    .map((c) => [Number(c.dataset.index), c.dataset.notes])
    .sort((a, b) => Number(a[0]) - Number(b[0]))

describe('the Compose column over main', () => {
  it('lists the shipped model, generates, repeats a seed exactly, rerolls, sizes bars and inserts', async () => {
    const editor = studio.project.editor
    let inserted = 0
    // Never started here (Play needs Web Audio, which jsdom lacks), so nothing to dispose.
    const audition = new Audition()
    render(
      ComposePanel,
      { editor, audition, oninserted: () => inserted++ },
      { wrapper: WithStudio, wrapperProps: { studio } },
    )

    // The panel asks main for the runs when it mounts: the shipped starter is chosen, named by its label.
    const run = screen.getByTestId('compose-run') as HTMLSelectElement
    await waitFor(() => expect(run.value).toBe('starter'))
    const listed = studio.compose.run!
    expect(run.selectedOptions[0].textContent).toContain(`${listed.preset} · ${listed.epochsDone} epochs`)
    const epoch = Math.max(...listed.checkpoints.map((c) => c.epoch))
    const generate = screen.getByTestId('compose-generate') as HTMLButtonElement
    expect(generate.disabled).toBe(false)

    // A count main's schema refuses is named by its field, and Generate is held back.
    await type('compose-count', '33')
    expect(screen.getByTestId('compose-problem-count').textContent).toBe(
      'Count must be a whole number of phrases from 1 to 32.',
    )
    expect(input('compose-count').getAttribute('aria-invalid')).toBe('true')
    expect(generate.disabled).toBe(true)

    await type('compose-seed', '7')
    await type('compose-count', '2')
    await type('compose-length', '12')
    expect(screen.queryByTestId('compose-problem-count')).toBeNull()
    await fireEvent.click(generate)
    expect(generate.textContent?.trim()).toBe('Generating…')
    await waitFor(() => expect(cards()).toHaveLength(2), SAMPLING)
    await waitFor(() => expect(generate.disabled).toBe(false))
    for (const card of cards()) {
      expect(card.dataset.seed).toBe('7')
      const detail = within(card).getByTestId('candidate-detail').textContent ?? ''
      expect(detail).toMatch(/^\s*12 events · plays/)
      expect(card.textContent).toContain(`epoch ${epoch}`)
      // Ranked by the critic (on by default): a score in (0, 100) %.
      expect(within(card).getByTestId('candidate-score').textContent).toMatch(/^\d{1,3}%$/)
    }
    expect(new Set(inBatch(1).map((c) => c.dataset.index))).toEqual(new Set(['0', '1']))

    // The same seed and settings again: the same phrases, the seed unchanged across every hand-off.
    await fireEvent.click(generate)
    await waitFor(() => expect(inBatch(2)).toHaveLength(2), SAMPLING)
    expect(phrases(2)).toEqual(phrases(1))
    expect(phrases(1).every(([, notes]) => typeof notes === 'string' && notes.length > 0)).toBe(true)

    // Reroll after step 4 of one card: that candidate comes back, its first steps kept.
    const first = inBatch(1)[0]
    const k = within(first).getByLabelText('Reroll after step') as HTMLInputElement
    await fireEvent.input(k, { target: { value: '4' } })
    await fireEvent.click(within(first).getByRole('button', { name: 'Reroll' }))
    await waitFor(() => expect(inBatch(3)).toHaveLength(1), SAMPLING)
    const rerolled = inBatch(3)[0]
    expect([rerolled.dataset.seed, rerolled.dataset.index]).toEqual(['7', first.dataset.index])
    expect(rerolled.textContent).toMatch(/reroll >4/)

    // Two bars of the (empty, 4/4) song: the events come from the rate measured on the raw batches so far.
    await fireEvent.change(screen.getByTestId('compose-length-unit'), { target: { value: 'bars' } })
    await type('compose-bars', '2')
    const estimate = screen.getByTestId('compose-bars-events').textContent ?? ''
    const events = /≈ (\d+) events/.exec(estimate)?.[1]
    expect(events, estimate).toBeDefined()
    await fireEvent.click(generate)
    await waitFor(() => expect(inBatch(4)).toHaveLength(2), SAMPLING)
    for (const card of inBatch(4)) {
      expect(within(card).getByTestId('candidate-detail').textContent).toMatch(
        new RegExp(`^\\s*2 bars · ${events} events`),
      )
    }
    expect(studio.notices.items).toEqual([])

    // Insert the best-ranked card of the first batch into the open project, as one new track.
    const best = inBatch(1)[0]
    const before = editor.song.tracks.length
    await fireEvent.click(within(best).getByTestId('candidate-insert'))
    expect(editor.song.tracks).toHaveLength(before + 1)
    const track = editor.song.tracks.at(-1)!
    expect(track.name).toMatch(/^Generated/)
    expect(track.notes.length).toBeGreaterThan(0)
    expect(editor.activeTrackId).toBe(track.id)
    expect(inserted).toBe(1)
    expect(studio.notices.items.at(-1)?.text).toBe(`Inserted #${Number(best.dataset.index) + 1} (seed 7).`)
  }, 180_000)
})
