// Bench harness page: mounts the real PianoRoll on a 10,000-note song and exposes timed scenarios on
// `window.__bench` for tests/bench/editorBench.ts (driven through playwright-core).
import { flushSync, mount } from 'svelte'
import type { NoteId } from '@common/music/units'
import { EditorState, moveNotes, randomSong } from '../../../src-renderer/src/editor/index'
import type { RenderLoop } from '../../../src-renderer/src/editor/view/renderLoop'
import { pitchToY, tickToX } from '../../../src-renderer/src/editor/view/transform'
import Harness from './Harness.svelte'

const NOTES = Number(new URLSearchParams(location.search).get('notes') ?? 10_000)
const state = new EditorState({ song: randomSong({ notes: NOTES, tracks: 2, seed: 11 }) })
let loop: RenderLoop | null = null
mount(Harness, {
  target: document.getElementById('app')!,
  props: { state, onRenderLoop: (l: RenderLoop) => (loop = l) },
})

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]
const notesCanvas = () => document.querySelector<HTMLCanvasElement>('[data-testid="notes-canvas"]')!

/** One frame: draw every dirty layer and read one pixel back so the raster work is inside the timing. */
function frame(): number {
  const t0 = performance.now()
  flushSync() // run Svelte effects now: they mark the layers the change made dirty
  if (loop!.flush() === 0) throw new Error('bench: the change did not redraw any layer')
  notesCanvas().getContext('2d')!.getImageData(0, 0, 1, 1)
  return performance.now() - t0
}

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(null)))

async function scrollZoom(frames: number, bars = 16) {
  // A view `bars` wide (16 ≈ a composer working on a phrase) at 10 px rows, scrolled right and zoomed ±10 %.
  state.setView({
    ...state.view,
    scrollTick: 0,
    topPitch: 96,
    keyHeight: 10,
    pxPerTick: state.view.width / (state.song.ppq * 4 * bars),
  })
  frame()
  const times: number[] = []
  const drawn: number[] = []
  for (let i = 0; i < frames; i++) {
    const v = state.view
    if (i % 4 === 3) state.setView({ ...v, pxPerTick: v.pxPerTick * (i % 8 === 3 ? 1.1 : 1 / 1.1) })
    else
      state.setView({
        ...v,
        scrollTick: v.scrollTick + 40 / v.pxPerTick,
        topPitch: v.topPitch - (i % 2 ? 0.5 : -0.5),
      })
    times.push(frame())
    drawn.push(loop!.stats.lastNotesDrawn)
    // Every frame follows a real paint, as in use: the compositor then holds the canvases, so drawing pays for that.
    await nextFrame()
  }
  return { frameMsMedian: median(times), frameMsP95: p95(times), notesDrawnMedian: median(drawn) }
}

async function drag(updates: number) {
  const roll = document.querySelector<HTMLCanvasElement>('[data-testid="roll"]')!
  state.setView({
    ...state.view,
    scrollTick: 0,
    topPitch: 90,
    keyHeight: 12,
    pxPerTick: state.view.width / (state.song.ppq * 32),
  })
  const track = state.song.tracks[0]
  const target = track.notes.find(
    (n) =>
      n.durationTicks >= state.song.ppq &&
      tickToX(state.view, n.startTick) > 50 &&
      n.pitch < 88 &&
      n.pitch > 60,
  )!
  state.select(
    track.notes
      .slice(0, 40)
      .map((n) => n.id)
      .concat(target.id),
  )
  frame()
  const r = roll.getBoundingClientRect()
  const at = (type: string, dx: number, dy: number) =>
    roll.dispatchEvent(
      new PointerEvent(type, {
        bubbles: true,
        pointerId: 1,
        button: 0,
        buttons: 1,
        clientX: r.left + tickToX(state.view, target.startTick + (target.durationTicks >> 1)) + dx,
        clientY: r.top + pitchToY(state.view, target.pitch) + state.view.keyHeight / 2 + dy,
      }),
    )
  at('pointerdown', 0, 0)
  const times: number[] = []
  for (let i = 1; i <= updates; i++) {
    const t0 = performance.now()
    at('pointermove', (i % 40) * 7 + 7, ((i % 10) - 5) * 3)
    frame()
    times.push(performance.now() - t0)
    await nextFrame() // pointer events arrive once per frame at most, between paints
  }
  at('pointerup', 0, 0)
  return { dragUpdateMs: median(times), dragUpdateMsP95: p95(times), historySteps: state.history.size }
}

/** 500 single-note edits, each an undo step (measured heap growth is taken by the driver via CDP). */
function edits(n: number) {
  state.history.clear()
  const ids = state.song.tracks[0].notes.slice(0, 16).map((x) => x.id)
  for (let i = 0; i < n; i++)
    state.apply((song) =>
      moveNotes(song, { ids: new Set<NoteId>([ids[i % 16]]), dTicks: i % 2 ? -1 : 1, dPitch: 0 }),
    )
  return { steps: state.history.size }
}

;(window as unknown as { __bench: unknown }).__bench = {
  ready: () => loop !== null && state.view.width > 100,
  notes: () => state.song.tracks.reduce((a, t) => a + t.notes.length, 0),
  scrollZoom,
  drag,
  edits,
  clearHistory: () => state.history.clear(),
}
