// Shared gesture types: a pointer sample in both pixel and musical coordinates, and the gesture lifecycle.
import type { MidiNote, Ticks, Velocity } from '@common/music/units'
import type { EditorState } from '../EditorState.svelte'
import type { Box } from '../view/layers/overlay'

/** One pointer sample over the note area. */
export interface PointerSample {
  readonly x: number
  readonly y: number
  /** Unsnapped tick under the pointer. */
  readonly tick: Ticks
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
}

/** A gesture in progress (created on pointerdown). */
export interface Gesture {
  move(p: PointerSample): void
  up(p: PointerSample): void
}

let gestureCounter = 0
/** A unique history coalescing key per gesture, so one drag is one undo step. */
export const gestureKey = (name: string): string => `${name}#${++gestureCounter}`
