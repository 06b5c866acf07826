// Low-level Standard MIDI File encoder: ordered events with absolute integer ticks → SMF bytes. Shared by
// writeSong (editor export) and the C-RNN-GAN writer, which needs exact control over event order and deltas.
import { encodeText } from './text'

/** One event to write: `tick` is absolute (integer ≥ 0, non-decreasing within a track); `bytes` its payload. */
export interface SmfOutEvent {
  readonly tick: number
  /** Status byte and data (channel events) or 0xFF, type, length, data (meta events). */
  readonly bytes: readonly number[] | Uint8Array
}

/** A track to write. End-of-track is appended at `endTick` (default: the last event's tick). */
export interface SmfOutTrack {
  readonly events: readonly SmfOutEvent[]
  readonly endTick?: number
}

function varint(v: number, out: number[]): void {
  if (!Number.isInteger(v) || v < 0 || v > 0x0fffffff) throw new Error(`MIDI delta time must be in [0, 2^28), got ${v}`)
  const groups = [v & 0x7f]
  for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) groups.unshift((x & 0x7f) | 0x80)
  out.push(...groups)
}

/** Meta event payload: 0xFF, `type`, varint length, `data`. */
export function metaEvent(type: number, data: ArrayLike<number>): number[] {
  const out = [0xff, type]
  varint(data.length, out)
  for (let i = 0; i < data.length; i++) out.push(data[i])
  return out
}

/** Text-like meta event (0x01 text, 0x03 track name) holding UTF-8 `text`. */
export function textEvent(type: 0x01 | 0x03, text: string): number[] {
  return metaEvent(type, encodeText(text))
}

/** Set-tempo meta event for `bpm` quarter notes per minute (stored as round(60e6 / bpm) µs per quarter). */
export function tempoEvent(bpm: number): number[] {
  const us = Math.round(60_000_000 / bpm)
  if (!Number.isFinite(bpm) || us < 1 || us > 0xffffff) throw new Error(`tempo must be in (3.58, 6e7] BPM, got ${bpm}`)
  return metaEvent(0x51, [(us >> 16) & 0xff, (us >> 8) & 0xff, us & 0xff])
}

/** Time-signature meta event; `denominator` must be a power of two 1..64. */
export function timeSignatureEvent(numerator: number, denominator: number): number[] {
  const log2 = Math.log2(denominator)
  if (!Number.isInteger(log2) || log2 < 0 || log2 > 6)
    throw new Error(`time signature denominator must be a power of two in 1..64, got ${denominator}`)
  if (!Number.isInteger(numerator) || numerator < 1 || numerator > 255)
    throw new Error(`time signature numerator must be an integer in 1..255, got ${numerator}`)
  return metaEvent(0x58, [numerator, log2, 24, 8])
}

/**
 * Encodes tracks as an SMF of `format` 0 or 1 at `ppq` ticks per quarter (1..32767). Events are written in the
 * given order with deltas = tick differences; running status is not used (every event carries its status).
 * @throws Error when ticks are not non-decreasing integers or ppq is out of range.
 */
export function encodeSmf(format: 0 | 1, ppq: number, tracks: readonly SmfOutTrack[]): Uint8Array {
  if (!Number.isInteger(ppq) || ppq < 1 || ppq > 0x7fff) throw new Error(`ppq must be an integer in 1..32767, got ${ppq}`)
  if (format === 0 && tracks.length !== 1) throw new Error(`a format-0 file has exactly 1 track, got ${tracks.length}`)
  const out: number[] = [0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, format, tracks.length >> 8, tracks.length & 0xff]
  out.push(ppq >> 8, ppq & 0xff)
  tracks.forEach((track, ti) => {
    const body: number[] = []
    let last = 0
    for (const e of track.events) {
      if (!Number.isInteger(e.tick) || e.tick < last)
        throw new Error(`track ${ti}: event ticks must be non-decreasing integers, got ${e.tick} after ${last}`)
      varint(e.tick - last, body)
      for (let i = 0; i < e.bytes.length; i++) body.push(e.bytes[i])
      last = e.tick
    }
    const end = Math.max(last, track.endTick ?? last)
    varint(end - last, body)
    body.push(0xff, 0x2f, 0)
    out.push(0x4d, 0x54, 0x72, 0x6b, (body.length >>> 24) & 0xff, (body.length >> 16) & 0xff)
    out.push((body.length >> 8) & 0xff, body.length & 0xff)
    for (const x of body) out.push(x)
  })
  return Uint8Array.from(out)
}
