// The one pointer lifecycle in Chromium, without the roll around it: real elements, real PointerEvents and a real
// EditorState. Ruler, velocity lane, keyboard, note area and tempo track all go through the same driver and
// dispatcher; a cancel (pointercancel, Escape, the surface going away) takes back exactly what the gesture changed.
import { afterEach, describe, expect, it } from 'vitest'
import type { MidiNote } from '@common/music/units'
import { EditorState } from '../EditorState.svelte'
import { setTempo } from '../model/commandsTempo'
import { songFromRows } from '../model/demoSong'
import { sampleFrom } from '../view/pointer'
import type { TempoMarker } from '../view/tempoMarkers'
import { tickToX } from '../view/transform'
import { type GestureContext, GestureDriver, startGesture, type Surface } from './index'

const teardown: (() => void)[] = []
afterEach(() => {
  for (const f of teardown.splice(0)) f()
})

/** C4 at beat 1, E4 at beat 2, G4 at beat 4 (480 ppq), all at velocity 100. */
function setup() {
  const state = new EditorState({
    song: songFromRows([
      [
        [60, 0, 480, 100],
        [64, 480, 480, 100],
        [67, 1440, 480, 100],
      ],
    ]),
  })
  state.setView({ scrollTick: 0, topPitch: 72, pxPerTick: 0.25, keyHeight: 12, width: 800, height: 480 })
  const seeks: number[] = []
  const previews: number[] = []
  let pressed: MidiNote | null = null
  const edited: (TempoMarker | null)[] = []
  const ctx: GestureContext = {
    state,
    preview: (p) => previews.push(p),
    setBox: () => {},
    seek: (t) => seeks.push(t),
    pressKey: (p) => (pressed = p),
    editMarker: (m) => edited.push(m),
  }
  const driver = new GestureDriver({
    sample: (e, el) => sampleFrom(e, el, state.view),
    start: (surface, p, target) => startGesture(surface, ctx, p, target),
  })
  const root = document.createElement('div')
  root.style.cssText = 'position: fixed; left: 10px; top: 10px;'
  document.body.append(root)
  teardown.push(() => root.remove())
  const surface = (name: Surface, w: number, h: number) => {
    const el = document.createElement('canvas')
    el.style.cssText = `display: block; width: ${w}px; height: ${h}px;`
    root.append(el)
    const detach = driver.on(name)(el)
    if (detach) teardown.push(detach)
    return { el, detach: detach ?? (() => {}) }
  }
  const el = {
    ruler: surface('ruler', 800, 24).el,
    velocity: surface('velocity', 800, 72).el,
    keys: surface('keys', 56, 480).el,
  }
  const notes = surface('notes', 800, 480)
  return {
    state,
    driver,
    el: { ...el, notes: notes.el },
    detachNotes: notes.detach,
    seeks,
    previews,
    pressed: () => pressed,
    edited,
    root,
  }
}

/** A pointer event at (x, y) px inside `target`. */
function fire(target: HTMLElement, type: string, x: number, y: number, o: PointerEventInit = {}) {
  const r = target.getBoundingClientRect()
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      clientX: r.left + x,
      clientY: r.top + y,
      pointerId: 1,
      button: 0,
      buttons: 1,
      ...o,
    }),
  )
}
const escape = () =>
  document.body.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }),
  )
const velocities = (s: EditorState) => s.song.tracks[0].notes.map((n) => n.velocity)
const x = (s: EditorState, tick: number) => tickToX(s.view, tick)

describe('GestureDriver', () => {
  it('drives the ruler: a drag sets the loop, a click seeks, a pointercancel puts the old loop back', () => {
    const { state, el, seeks } = setup()
    fire(el.ruler, 'pointerdown', x(state, 0), 5)
    fire(el.ruler, 'pointermove', x(state, 1000), 5)
    fire(el.ruler, 'pointermove', x(state, 1920), 5)
    fire(el.ruler, 'pointerup', x(state, 1920), 5)
    expect(state.loop).toEqual({ startTick: 0, endTick: 1920, enabled: true })
    expect(seeks).toEqual([]) // a drag does not also move the playhead
    fire(el.ruler, 'pointerdown', x(state, 965), 5)
    fire(el.ruler, 'pointerup', x(state, 965), 5)
    expect(seeks).toEqual([960]) // snapped to the 1/16 grid
    const before = state.loop
    fire(el.ruler, 'pointerdown', x(state, 480), 5)
    fire(el.ruler, 'pointermove', x(state, 2400), 5)
    expect(state.loop).toEqual({ startTick: 480, endTick: 2400, enabled: true })
    fire(el.ruler, 'pointercancel', x(state, 2400), 5)
    expect(state.loop).toBe(before)
    fire(el.ruler, 'pointerup', x(state, 480), 5) // a late release after the cancel is nobody's
    expect(seeks).toEqual([960])
  })

  it('drives the velocity lane through the same driver; Escape takes the paint back without an undo step', () => {
    const { state, el, driver } = setup()
    fire(el.velocity, 'pointerdown', x(state, 480), 2) // top of the lane = 127, only the note at 480
    fire(el.velocity, 'pointerup', x(state, 480), 2)
    expect(velocities(state)).toEqual([100, 127, 100])
    expect(state.history.size).toBe(1)
    state.undo() // leaves a redo step, which the cancelled drag must not eat
    expect(velocities(state)).toEqual([100, 100, 100])
    let editorSawEscape = false
    const onKey = (e: KeyboardEvent) => (editorSawEscape ||= e.key === 'Escape')
    document.body.addEventListener('keydown', onKey)
    teardown.push(() => document.body.removeEventListener('keydown', onKey))
    fire(el.velocity, 'pointerdown', x(state, 0), 70, { shiftKey: true }) // ramp from 1 …
    fire(el.velocity, 'pointermove', x(state, 1440), 2, { shiftKey: true }) // … to 127
    expect(velocities(state)[2]).toBeGreaterThan(122)
    expect(driver.active).toBe(true)
    escape()
    expect(driver.active).toBe(false)
    expect(velocities(state)).toEqual([100, 100, 100])
    expect(state.history.size).toBe(0)
    expect(state.canRedo).toBe(true)
    expect(editorSawEscape).toBe(false) // the editor's Escape (deselect) does not also run
    state.redo()
    expect(velocities(state)).toEqual([100, 127, 100])
    escape() // no gesture: Escape goes on to the editor as before
    expect(editorSawEscape).toBe(true)
  })

  it('takes back a note drawn or moved on the note area when the pointer is cancelled', () => {
    const { state, el } = setup()
    const y = (pitch: number) => (72 - pitch) * 12 + 6
    const notes = () => state.song.tracks[0].notes.map((n) => [n.pitch, n.startTick])
    fire(el.notes, 'pointerdown', x(state, 2400), y(70)) // draw tool, empty cell: adds a note
    expect(notes()).toHaveLength(4)
    fire(el.notes, 'pointercancel', x(state, 2400), y(70))
    expect(notes()).toEqual([
      [60, 0],
      [64, 480],
      [67, 1440],
    ])
    expect(state.history.size).toBe(0)
    fire(el.notes, 'pointerdown', x(state, 600), y(64)) // the body of E4: a move
    fire(el.notes, 'pointermove', x(state, 1100), y(66))
    expect(notes()[1]).toEqual([66, 960])
    fire(el.notes, 'lostpointercapture', x(state, 1100), y(66))
    expect(notes()[1]).toEqual([64, 480])
    expect(state.history.size).toBe(0)
  })

  it('drives the tempo track: a marker drag moves the change, Escape takes it back, a click opens the editor', () => {
    const { state, driver, edited, root } = setup()
    state.apply((song) => setTempo(song, { tick: 1920, bpm: 180 }))
    state.seal()
    // The lane is the surface; its markers are buttons that say which change they are (as TempoLane draws them).
    const lane = document.createElement('div')
    lane.style.cssText = 'position: relative; width: 800px; height: 20px;'
    const left = `position: absolute; left: ${x(state, 1920)}px;`
    lane.innerHTML = `<button data-marker="tempo" data-tick="1920" style="${left}">`
    const marker = lane.querySelector('button')!
    root.prepend(lane)
    teardown.push(driver.on('tempo')(lane) ?? (() => {}))
    const tempos = () => state.song.tempos.map((e) => e.tick)
    fire(lane, 'pointerdown', 400, 5) // the bare lane: no gesture
    expect(driver.active).toBe(false)
    fire(marker, 'pointerdown', 5, 5)
    fire(lane, 'pointermove', x(state, 1920) + 5 + 120, 5) // +480 ticks
    expect(tempos()).toEqual([0, 2400])
    escape()
    expect(tempos()).toEqual([0, 1920])
    expect(state.history.size).toBe(1) // only the setTempo
    expect(edited).toEqual([])
    fire(marker, 'pointerdown', 5, 5)
    fire(lane, 'pointerup', x(state, 1920) + 6, 5) // moved less than the drag threshold: a click
    expect(edited).toEqual([{ kind: 'tempo', tick: 1920 }])
    fire(marker, 'pointerdown', 5, 5)
    fire(lane, 'pointermove', x(state, 1920) + 5 + 240, 5, { altKey: true })
    fire(lane, 'pointerup', x(state, 1920) + 5 + 240, 5)
    expect(tempos()).toEqual([0, 2880])
    expect(edited.at(-1)).toBeNull() // a drag closes the editor
    expect(state.history.size).toBe(2)
  })

  it('holds a key while pressed and lets go on release or cancel', () => {
    const { state, el, previews, pressed } = setup()
    fire(el.keys, 'pointerdown', 20, (72 - 60) * 12 + 6)
    expect([pressed(), previews]).toEqual([60, [60]])
    fire(el.keys, 'pointerup', 20, 0)
    expect(pressed()).toBeNull()
    fire(el.keys, 'pointerdown', 20, 6)
    expect(pressed()).toBe(72)
    fire(el.keys, 'pointercancel', 20, 6)
    expect(pressed()).toBeNull()
    expect(state.history.size).toBe(0)
  })

  it('runs one gesture at a time: other pointers, other buttons and other surfaces do not drive it', () => {
    const { state, el, driver, seeks } = setup()
    fire(el.velocity, 'pointerdown', x(state, 480), 2, { button: 2 }) // right button: the context menu's
    expect(driver.active).toBe(false)
    expect(velocities(state)).toEqual([100, 100, 100])
    fire(el.ruler, 'pointerdown', x(state, 0), 5)
    fire(el.velocity, 'pointerdown', x(state, 480), 2, { pointerId: 2 }) // a second finger
    fire(el.ruler, 'pointermove', x(state, 1920), 5, { pointerId: 2 })
    fire(el.velocity, 'pointermove', x(state, 1920), 5) // not the pressed surface
    expect(velocities(state)).toEqual([100, 100, 100])
    expect(state.loop.enabled).toBe(false)
    fire(el.ruler, 'pointerup', x(state, 0), 5)
    expect(seeks).toEqual([0])
  })

  it('ends a drag whose release it never saw when the same pointer presses again, and cancels one whose surface goes away', () => {
    const { state, el, driver, detachNotes, seeks } = setup()
    fire(el.ruler, 'pointerdown', x(state, 0), 5)
    fire(el.ruler, 'pointermove', x(state, 1920), 5)
    fire(el.velocity, 'pointerdown', x(state, 480), 2) // the ruler's release was lost (no capture)
    fire(el.velocity, 'pointerup', x(state, 480), 2)
    expect(state.loop).toEqual({ startTick: 0, endTick: 1920, enabled: true }) // kept, as a release would
    expect(velocities(state)).toEqual([100, 127, 100])
    expect(seeks).toEqual([])
    fire(el.notes, 'pointerdown', x(state, 2400), (72 - 70) * 12 + 6)
    expect(state.song.tracks[0].notes).toHaveLength(4)
    detachNotes()
    expect(driver.active).toBe(false)
    expect(state.song.tracks[0].notes).toHaveLength(3)
  })
})
