// Shared gesture types: the roll's surfaces, a pointer sample in both pixel and musical coordinates, and the
// lifecycle every gesture has (pointer-down starts it, move and up follow, cancel takes it back).
import type { MidiNote, Ticks, Velocity } from '@common/music/units'
import type { EditorState } from '../EditorState.svelte'
import type { Box } from '../view/layers/overlay'
import type { TempoMarker } from '../view/tempoMarkers'

/** The parts of the roll a press can start a gesture on. */
export type Surface = 'notes' | 'ruler' | 'keys' | 'velocity' | 'tempo'

/** One pointer sample over a surface; x and y are relative to that surface's element. */
export interface PointerSample {
  readonly x: number
  readonly y: number
  /** Unsnapped tick under the pointer (≥ 0). */
  readonly tick: Ticks
  /** Pitch row under y; meaningful on the note area and the keyboard, which share the rows. */
  readonly pitch: MidiNote
  readonly shift: boolean
  /** Alt bypasses snap. */
  readonly alt: boolean
}

/** What gestures may touch besides the state. */
export interface GestureContext {
  readonly state: EditorState
  /** Plays a short preview of a pitch (no-op without audio). */
  preview(pitch: MidiNote, velocity: Velocity): void
  setBox(box: Box | null): void
  /** Moves the playhead (a click on the ruler). */
  seek(tick: Ticks): void
  /** Shows a key as held on the keyboard (null: none). */
  pressKey(pitch: MidiNote | null): void
  /** Opens the editor of a tempo-track marker (null: closes it). */
  editMarker(marker: TempoMarker | null): void
}

/** A gesture in progress (created on pointerdown); exactly one of `up` or `cancel` ends it. */
export interface Gesture {
  move(p: PointerSample): void
  up(p: PointerSample): void
  /** The pointer was taken away (pointercancel) or Escape was pressed: undo what the gesture changed. */
  cancel(): void
}

let gestureCounter = 0
/** A unique history coalescing key per gesture, so one drag is one undo step (and a cancel can take it back). */
export const gestureKey = (name: string): string => `${name}#${++gestureCounter}`
