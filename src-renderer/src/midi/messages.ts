// MIDI 1.0 wire messages: what the studio sends to a port (notes, controllers, program, clock, transport) and
// what it reads from a keyboard. Pure bytes in and out, so the encoding is tested without a device.

const ch = (c: number): number => {
  if (!Number.isInteger(c) || c < 0 || c > 15) throw new Error(`MIDI channel must be 0..15, got ${c}`)
  return c
}
const data = (what: string, v: number): number => {
  if (!Number.isInteger(v) || v < 0 || v > 127) throw new Error(`MIDI ${what} must be 0..127, got ${v}`)
  return v
}

export const noteOn = (c: number, pitch: number, velocity: number): number[] => [
  0x90 | ch(c),
  data('pitch', pitch),
  data('velocity', velocity),
]
/** Note-off with release velocity 64 (the MIDI default). */
export const noteOff = (c: number, pitch: number): number[] => [0x80 | ch(c), data('pitch', pitch), 64]
export const controlChange = (c: number, cc: number, value: number): number[] => [
  0xb0 | ch(c),
  data('controller', cc),
  data('value', value),
]
export const programChange = (c: number, program: number): number[] => [
  0xc0 | ch(c),
  data('program', program),
]
/** CC123: all notes off on a channel (sent on stop, so nothing hangs on the receiving synth). */
export const allNotesOff = (c: number): number[] => controlChange(c, 123, 0)

/** System real-time: timing clock (24 per quarter note), start, continue, stop. */
export const CLOCK = [0xf8]
export const START = [0xfa]
export const CONTINUE = [0xfb]
export const STOP = [0xfc]
/** Song position pointer in MIDI beats (sixteenth notes, 0..16383), sent before CONTINUE. */
export function songPosition(sixteenths: number): number[] {
  const v = Math.max(0, Math.min(16383, Math.round(sixteenths)))
  return [0xf2, v & 0x7f, v >> 7]
}

/** A message read from an input port (others, e.g. clock or SysEx, are `other`). */
export type InMessage =
  | { readonly kind: 'noteOn'; readonly channel: number; readonly pitch: number; readonly velocity: number }
  | { readonly kind: 'noteOff'; readonly channel: number; readonly pitch: number }
  | { readonly kind: 'cc'; readonly channel: number; readonly controller: number; readonly value: number }
  | { readonly kind: 'other' }

/** Decodes one message (Web MIDI delivers one complete message per event). Note-on at velocity 0 = note-off. */
export function parseMessage(bytes: ArrayLike<number>): InMessage {
  const s = bytes[0] ?? 0
  const type = s >> 4
  const channel = s & 0x0f
  const a = bytes[1] ?? 0
  const b = bytes[2] ?? 0
  if (bytes.length >= 3 && type === 0x9 && b > 0) return { kind: 'noteOn', channel, pitch: a, velocity: b }
  if (bytes.length >= 3 && (type === 0x8 || type === 0x9)) return { kind: 'noteOff', channel, pitch: a }
  if (bytes.length >= 3 && type === 0xb) return { kind: 'cc', channel, controller: a, value: b }
  return { kind: 'other' }
}
