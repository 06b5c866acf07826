// The real piano roll mounted for a browser test: 1260 × 680 px in a 1280 × 720 viewport, under its own Studio (no
// main behind it), with a Playback on the editor state; resolves once the roll has laid itself out.
import { expect } from 'vitest'
import { page } from 'vitest/browser'
import { render } from 'vitest-browser-svelte'
import type { EditorState } from '../../src-renderer/src/editor/EditorState.svelte'
import PianoRoll from '../../src-renderer/src/editor/PianoRoll.svelte'
import { Playback } from '../../src-renderer/src/playback/index'
import { underStudio } from './underStudio'

export interface MountedRoll {
  readonly playback: Playback
  /** The note-area canvas. */
  readonly roll: HTMLCanvasElement
  /** Disposes the playback and unmounts the roll (call it from afterEach). */
  unmount(): Promise<void>
}

/** Mounts the roll on `state`; waits until its view is wider than `minWidth` px (the layout has settled). */
export async function mountRoll(state: EditorState, minWidth = 500): Promise<MountedRoll> {
  await page.viewport(1280, 720)
  const playback = new Playback(() => state)
  const r = await render(PianoRoll, { props: { state, playback } }, underStudio())
  r.container.style.height = '680px'
  r.container.style.width = '1260px'
  await expect.poll(() => state.view.width).toBeGreaterThan(minWidth)
  return {
    playback,
    roll: document.querySelector<HTMLCanvasElement>('[data-testid="roll"]')!,
    unmount: async () => {
      playback.dispose()
      await r.unmount()
    },
  }
}
