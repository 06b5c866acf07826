// More gestures in Chromium: box select, erase sweep, velocity lane paint and ramp, ruler loop/seek,
// double-click delete, cancelling a drag, and a generated clip inserted through the command then exported on its own.
import { afterEach, describe, expect, it } from 'vitest'
import type { NoteId } from '@common/music/units'
import { exportMidiBytes, importMidiBytes } from '../export/index'
import { EditorState } from './EditorState.svelte'
import { insertGenerated } from './model/commandsTracks'
import { songFromRows } from './model/demoSong'
import { pitchToY, tickToX } from './view/transform'
import { mountRoll } from '../../../tests/support/mountRoll'

let cleanup: (() => Promise<void>) | null = null
afterEach(async () => {
  await cleanup?.()
  cleanup = null
})

// Three notes: C4 at beat 1, E4 at beat 2, G4 at beat 4 (480 ppq).
const rows = [
  [
    [60, 0, 480, 100],
    [64, 480, 480, 100],
    [67, 1440, 480, 100],
  ],
]

async function mount() {
  const state = new EditorState({ song: songFromRows(rows) })
  const { playback, unmount } = await mountRoll(state)
  cleanup = unmount
  state.setView({ ...state.view, scrollTick: 0, topPitch: 72, pxPerTick: 0.25, keyHeight: 12 })
  return { state, playback }
}

const el = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!
/** Pointer event on element `id` at view coordinates: x from `tick`, y from `pitch` or a raw y in px. */
function fire(
  s: EditorState,
  id: string,
  type: string,
  tick: number,
  y: { pitch: number } | { px: number },
  o: PointerEventInit = {},
) {
  const target = el(id)
  const r = target.getBoundingClientRect()
  const clientY = r.top + ('pitch' in y ? pitchToY(s.view, y.pitch) + s.view.keyHeight / 2 : y.px)
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      clientX: r.left + tickToX(s.view, tick),
      clientY,
      pointerId: 1,
      button: 0,
      buttons: 1,
      ...o,
    }),
  )
}
function stroke(
  s: EditorState,
  id: string,
  pts: [number, { pitch: number } | { px: number }][],
  o: PointerEventInit = {},
) {
  fire(s, id, 'pointerdown', ...pts[0], o)
  for (const p of pts.slice(1)) fire(s, id, 'pointermove', ...p, o)
  fire(s, id, 'pointerup', ...pts[pts.length - 1], o)
}
const velocities = (s: EditorState) => s.song.tracks[0].notes.map((n) => n.velocity)

describe('editor gestures in Chromium', () => {
  it('box-selects, adds with Shift, and deletes with a double-click', async () => {
    const { state } = await mount()
    state.tool = 'select'
    stroke(state, 'roll', [
      [-0, { pitch: 66 }],
      [1000, { pitch: 58 }],
    ])
    expect([...state.selection].sort()).toEqual(['t0n0', 't0n1'])
    stroke(
      state,
      'roll',
      [
        [1400, { pitch: 68 }],
        [1500, { pitch: 66 }],
      ],
      { shiftKey: true },
    )
    expect(state.selection.size).toBe(3)
    el('roll').dispatchEvent(
      new MouseEvent('dblclick', {
        bubbles: true,
        clientX: el('roll').getBoundingClientRect().left + tickToX(state.view, 700),
        clientY: el('roll').getBoundingClientRect().top + pitchToY(state.view, 64) + 6,
      }),
    )
    expect(state.song.tracks[0].notes.map((n) => n.pitch)).toEqual([60, 67])
  })

  it('erases every note a stroke passes over, as one undo step', async () => {
    const { state } = await mount()
    state.tool = 'erase'
    stroke(state, 'roll', [
      [100, { pitch: 60 }],
      [600, { pitch: 64 }],
      [1500, { pitch: 67 }],
    ])
    expect(state.song.tracks[0].notes).toHaveLength(0)
    state.undo()
    expect(state.song.tracks[0].notes).toHaveLength(3)
  })

  it('paints velocities and ramps them with Shift in the velocity lane', async () => {
    const { state } = await mount()
    const h = el('velocity-lane').getBoundingClientRect().height
    stroke(state, 'velocity-lane', [[480, { px: 2 }]]) // top of the lane = 127, only the note at 480
    expect(velocities(state)).toEqual([100, 127, 100])
    stroke(
      state,
      'velocity-lane',
      [
        [0, { px: h - 2 }],
        [1440, { px: 2 }],
      ],
      { shiftKey: true },
    ) // ramp 1 → 127
    const [a, b, c] = velocities(state)
    expect(a).toBeLessThan(5)
    expect(b).toBeGreaterThan(35)
    expect(b).toBeLessThan(50)
    expect(c).toBeGreaterThan(122)
    state.undo()
    expect(velocities(state)).toEqual([100, 127, 100])
  })

  it('sets a loop region by dragging the ruler and seeks with a click', async () => {
    const { state, playback } = await mount()
    stroke(state, 'ruler', [
      [0, { px: 5 }],
      [1000, { px: 5 }],
      [1920, { px: 5 }],
    ])
    expect(state.loop).toEqual({ startTick: 0, endTick: 1920, enabled: true })
    stroke(state, 'ruler', [[960, { px: 5 }]])
    expect(playback.positionTick).toBe(960)
  })

  it('takes a drag back on pointercancel or Escape, through the roll, leaving no undo step', async () => {
    const { state } = await mount()
    state.select(['t0n0' as NoteId])
    fire(state, 'roll', 'pointerdown', 240, { pitch: 60 }) // the body of C4: a move
    fire(state, 'roll', 'pointermove', 1200, { pitch: 62 })
    const c4 = () => state.song.tracks[0].notes.find((n) => n.id === 't0n0')
    expect(c4()).toMatchObject({ pitch: 62, startTick: 960 })
    fire(state, 'roll', 'pointercancel', 1200, { pitch: 62 })
    expect(c4()).toMatchObject({ pitch: 60, startTick: 0 })
    const before = state.loop
    fire(state, 'ruler', 'pointerdown', 0, { px: 5 })
    fire(state, 'ruler', 'pointermove', 1920, { px: 5 })
    expect(state.loop.enabled).toBe(true)
    document
      .querySelector('[data-testid="roll-area"]')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(state.loop).toBe(before)
    expect([...state.selection]).toEqual(['t0n0']) // the Escape went to the drag, not to Deselect
    expect(state.history.size).toBe(0)
  })

  it('inserts a generated clip with provenance and exports just that clip', async () => {
    const { state } = await mount()
    let clipId = ''
    state.apply((song) => {
      const r = insertGenerated(song, {
        atTick: 1920,
        notes: [
          { pitch: 72, startTick: 0, durationTicks: 240, velocity: 90 },
          { pitch: 74, startTick: 240, durationTicks: 240, velocity: 70 },
        ],
        provenance: { run: 'run1', checkpoint: 'ep5', seed: 9, settings: { temperature: 1 } },
      })
      clipId = r.clip.id
      return { song: r.song, select: r.clip.noteIds as NoteId[] }
    })
    expect(state.song.tracks.map((t) => t.name)).toEqual(['Track 1', 'Generated 1'])
    expect(state.selection.size).toBe(2)
    const back = importMidiBytes(exportMidiBytes(state.song, { kind: 'clip', clipId }), 'clip.mid')
    expect(back.tracks.flatMap((t) => t.notes.map((n) => [n.pitch, n.startTick, n.velocity]))).toEqual([
      [72, 0, 90],
      [74, 240, 70],
    ])
    expect(back.texts?.join()).toContain('"seed":9')
  })
})
