// The tempo track in Chromium, in the real roll (PianoRoll → RollView → TempoLane). A marker drag is the roll's tempo
// gesture, run by the same GestureDriver as the other surfaces: it moves the change as one undo step, Escape or
// pointercancel takes it back and leaves no undo step (nor eats the redo stack), and a click opens the editor.
import { afterEach, describe, expect, it } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import { EditorState } from './EditorState.svelte'
import { setTempo } from './model/commandsTempo'
import { songFromRows } from './model/demoSong'
import { mountRoll } from '../../../tests/support/mountRoll'

let cleanup: (() => Promise<void>) | null = null
afterEach(async () => {
  await cleanup?.()
  cleanup = null
})

const PX_PER_TICK = 0.25

/** One note; tempo 120 then 180 from beat 5 (1920); 4/4 then 3/4 from bar 3 (3840). */
async function mount() {
  const song = {
    ...songFromRows([[[60, 0, 480, 100]]]),
    tempos: [
      { tick: 0, bpm: 120 },
      { tick: 1920, bpm: 180 },
    ],
    timeSignatures: [
      { tick: 0, numerator: 4, denominator: 4 },
      { tick: 3840, numerator: 3, denominator: 4 },
    ],
  }
  const state = new EditorState({ song })
  cleanup = (await mountRoll(state, 1000)).unmount
  state.setView({ ...state.view, scrollTick: 0, pxPerTick: PX_PER_TICK })
  await expect.poll(() => markerTicks('tempo')).toEqual([0, 1920])
  return { state }
}

const lane = () => document.querySelector<HTMLElement>('[data-testid="tempo-lane"]')!
const marker = (kind: 'tempo' | 'meter', tick: number) =>
  document.querySelector<HTMLElement>(`[data-testid="${kind}-marker"][data-tick="${tick}"]`)!
const markerTicks = (kind: 'tempo' | 'meter') =>
  [...document.querySelectorAll<HTMLElement>(`[data-testid="${kind}-marker"]`)].map((e) =>
    Number(e.dataset.tick),
  )
const editor = () => document.querySelector('[data-testid="tempo-edit"]')
const ticks = (list: readonly { tick: number }[]) => list.map((e) => e.tick)

/**
 * Presses the marker's middle, then moves by `dx` px. The moves go to the lane, as a captured pointer's do (the
 * pressed marker is drawn anew at its new tick, so it is no longer there to receive them).
 */
function press(kind: 'tempo' | 'meter', tick: number): { move(dx: number): void; end(type: string): void } {
  const r = marker(kind, tick).getBoundingClientRect()
  const [x, y] = [r.left + r.width / 2, r.top + r.height / 2]
  const init = (dx: number): PointerEventInit => ({
    bubbles: true,
    clientX: x + dx,
    clientY: y,
    pointerId: 1,
    button: 0,
    buttons: 1,
  })
  marker(kind, tick).dispatchEvent(new PointerEvent('pointerdown', init(0)))
  let last = 0
  return {
    move(dx) {
      last = dx
      lane().dispatchEvent(new PointerEvent('pointermove', init(dx)))
    },
    end(type) {
      lane().dispatchEvent(new PointerEvent(type, init(last)))
    },
  }
}
const escape = () =>
  document.body.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }),
  )

describe('tempo track in Chromium', () => {
  it('moves a tempo or meter change by dragging its marker, one undo step each; a click edits it', async () => {
    const { state } = await mount()
    const drag = press('tempo', 1920)
    drag.move(60)
    drag.move(120) // +480 ticks, on the 1/16 grid
    drag.end('pointerup')
    expect(ticks(state.song.tempos)).toEqual([0, 2400])
    expect(state.history.size).toBe(1)
    await expect.poll(() => markerTicks('tempo')).toEqual([0, 2400])
    expect(editor()).toBeNull() // a drag is not a click
    state.undo()
    expect(ticks(state.song.tempos)).toEqual([0, 1920])

    await expect.poll(() => markerTicks('tempo')).toEqual([0, 1920])
    const click = press('tempo', 1920)
    click.move(2) // under the drag threshold: still a click
    click.end('pointerup')
    expect(ticks(state.song.tempos)).toEqual([0, 1920])
    await expect.poll(() => editor()?.querySelector('input')?.value).toBe('180')
    await page.screenshot({ path: '../../../test-artifacts/tempo-edit.png' }) // for review: the open editor

    // 3840 − 2000 = 1840: the meter change lands on the nearest bar line, 1920.
    const meter = press('meter', 3840)
    meter.move(-500)
    meter.end('pointerup')
    expect(ticks(state.song.timeSignatures)).toEqual([0, 1920])
    expect(state.history.size).toBe(1)
  })

  it('takes a marker drag back on Escape or pointercancel: no undo step left, the redo stack kept', async () => {
    const { state } = await mount()
    state.apply((song) => setTempo(song, { tick: 1920, bpm: 150 }))
    state.undo() // a redo step, which the cancelled drags must not eat
    const before = state.song
    let editorSawEscape = false
    const onKey = (e: KeyboardEvent) => (editorSawEscape ||= e.key === 'Escape')
    document.body.addEventListener('keydown', onKey)

    const drag = press('tempo', 1920)
    drag.move(240)
    expect(ticks(state.song.tempos)).toEqual([0, 2880])
    await expect.poll(() => markerTicks('tempo')).toEqual([0, 2880])
    escape()
    expect(state.song).toBe(before)
    expect(state.history.size).toBe(0)
    expect(state.canRedo).toBe(true)
    expect(editorSawEscape).toBe(false) // the drag took the Escape, not the editor's Deselect
    drag.end('pointerup') // the release after the cancel is nobody's: it opens no editor
    await expect.poll(() => markerTicks('tempo')).toEqual([0, 1920])
    expect(editor()).toBeNull()

    const meter = press('meter', 3840)
    meter.move(480) // +1920 ticks: the next bar line of 4/4 (the map without the moving change)
    expect(ticks(state.song.timeSignatures)).toEqual([0, 5760])
    meter.end('pointercancel')
    expect(state.song).toBe(before)
    expect(state.history.size).toBe(0)
    state.redo()
    expect(state.song.tempos).toEqual([
      { tick: 0, bpm: 120 },
      { tick: 1920, bpm: 150 },
    ])
    document.body.removeEventListener('keydown', onKey)
  })

  it('real mouse: a marker double-click edits it, the editor gets its clicks, a lane double-click adds', async () => {
    const { state } = await mount()
    // The press captures the pointer on the lane, so Chromium sends the clicks to the lane, not to the marker.
    await userEvent.dblClick(page.elementLocator(marker('tempo', 1920)))
    expect(ticks(state.song.tempos)).toEqual([0, 1920])
    await expect.poll(() => editor()?.querySelector('input')?.value).toBe('180')
    // A press inside the editor starts no gesture, so it takes no pointer and Done gets its click.
    await userEvent.click(page.getByTestId('tempo-edit-done'))
    await expect.poll(editor).toBeNull()
    await userEvent.dblClick(page.elementLocator(lane()), { position: { x: 2880 * PX_PER_TICK + 2, y: 10 } })
    expect(ticks(state.song.tempos)).toEqual([0, 1920, 2880])
    expect(state.song.tempos[2].bpm).toBe(180) // a copy of the tempo in force there
  })
})
