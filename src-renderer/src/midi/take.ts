// A recorded take → notes and pedal events in song ticks. Pure: incoming messages carry performance.now()
// times; the recording's origin says which song second a performance time is, and loop recording folds
// times back into the loop region (each pass adds its notes: overdub).
import { CC, type ControllerEvent, type Song } from '@common/music/song'
import { secondsToTicks, ticksToSeconds } from '@common/music/time'
import type { Ticks } from '@common/music/units'
import type { InMessage } from './messages'

/** One message as received: performance.now() milliseconds and the decoded message. */
export interface TakeEvent {
  readonly ms: number
  readonly msg: InMessage
}

/** How take times map onto the song. */
export interface TakeOrigin {
  /** performance.now() ms at which song tick `tick` was heard. */
  readonly ms: number
  readonly tick: Ticks
  /** When loop recording: the loop region, in ticks. */
  readonly loop?: { readonly startTick: Ticks; readonly endTick: Ticks }
  /** Input quantize grid in ticks (note starts snap to it); 0 = off. */
  readonly gridTicks?: number
}

/** A recorded note (no id yet) as the editor's add command takes it. */
export interface TakeNote {
  readonly pitch: number
  readonly startTick: Ticks
  readonly durationTicks: Ticks
  readonly velocity: number
}

/** Folds song seconds `s` into the loop [l0, l1) seconds when looping. */
function fold(s: number, loop: [number, number] | null): number {
  if (!loop || s < loop[1]) return s
  const [l0, l1] = loop
  return l0 + ((s - l0) % (l1 - l0))
}

/**
 * Notes (paired on/off per pitch; a note still held at the end lasts until `endMs`) and sustain-pedal events of
 * a take. Times before the origin (played during the count-in) are clamped to the origin.
 */
export function takeToNotes(
  song: Song,
  events: readonly TakeEvent[],
  origin: TakeOrigin,
  endMs: number,
): { notes: TakeNote[]; pedal: ControllerEvent[] } {
  const t0 = ticksToSeconds(song, origin.tick)
  const loop: [number, number] | null =
    origin.loop && origin.loop.endTick > origin.loop.startTick
      ? [ticksToSeconds(song, origin.loop.startTick), ticksToSeconds(song, origin.loop.endTick)]
      : null
  const unwrapped = (ms: number) => t0 + Math.max(0, ms - origin.ms) / 1000
  const open = new Map<number, { ms: number; velocity: number }>()
  const notes: TakeNote[] = []
  const pedal: ControllerEvent[] = []
  const grid = origin.gridTicks ?? 0
  const close = (pitch: number, offMs: number) => {
    const on = open.get(pitch)
    if (!on) return
    open.delete(pitch)
    const s = unwrapped(on.ms)
    const start = secondsToTicks(song, fold(s, loop))
    const length = secondsToTicks(song, unwrapped(offMs)) - secondsToTicks(song, s)
    const startTick = Math.max(0, Math.round(grid > 0 ? Math.round(start / grid) * grid : start))
    notes.push({ pitch, startTick, durationTicks: Math.max(1, Math.round(length)), velocity: on.velocity })
  }
  for (const { ms, msg } of events) {
    if (msg.kind === 'noteOn') {
      close(msg.pitch, ms) // a repeated key without its note-off ends the previous one
      open.set(msg.pitch, { ms, velocity: msg.velocity })
    } else if (msg.kind === 'noteOff') close(msg.pitch, ms)
    else if (msg.kind === 'cc' && msg.controller === CC.sustain) {
      const tick = Math.round(secondsToTicks(song, fold(unwrapped(ms), loop)))
      pedal.push({ tick, controller: CC.sustain, value: msg.value })
    }
  }
  for (const pitch of [...open.keys()]) close(pitch, endMs)
  notes.sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
  return { notes, pedal: pedal.sort((a, b) => a.tick - b.tick) }
}
