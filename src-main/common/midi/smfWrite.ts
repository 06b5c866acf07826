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
  if (!Number.isInteger(v) || v < 0 || v > 0x0fffffff)
    throw new Error(`MIDI delta time must be in [0, 2^28), got ${v}`)
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
  if (!Number.isFinite(bpm) || us < 1 || us > 0xffffff)
    throw new Error(`tempo must be in (3.58, 6e7] BPM, got ${bpm}`)
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
  if (!Number.isInteger(ppq) || ppq < 1 || ppq > 0x7fff)
    throw new Error(`ppq must be an integer in 1..32767, got ${ppq}`)
  if (format === 0 && tracks.length !== 1)
    throw new Error(`a format-0 file has exactly 1 track, got ${tracks.length}`)
  // Upper bound of the size: header, per track 8 + EOT (4 + 3), per event ≤ 4 delta bytes + payload.
  let size = 14
  for (const t of tracks) {
    size += 15
    for (const e of t.events) size += 4 + e.bytes.length
  }
  const out = new Uint8Array(size)
  out.set([
    0x4d,
    0x54,
    0x68,
    0x64,
    0,
    0,
    0,
    6,
    0,
    format,
    tracks.length >> 8,
    tracks.length & 0xff,
    ppq >> 8,
    ppq & 0xff,
  ])
  let p = 14
  const delta = (d: number): void => {
    if (!Number.isInteger(d) || d < 0 || d > 0x0fffffff)
      throw new Error(`MIDI delta time must be in [0, 2^28), got ${d}`)
    if (d >= 1 << 21) out[p++] = 0x80 | (d >>> 21)
    if (d >= 1 << 14) out[p++] = 0x80 | ((d >>> 14) & 0x7f)
    if (d >= 1 << 7) out[p++] = 0x80 | ((d >>> 7) & 0x7f)
    out[p++] = d & 0x7f
  }
  tracks.forEach((track, ti) => {
    out.set([0x4d, 0x54, 0x72, 0x6b], p)
    const lengthAt = p + 4
    p += 8
    let last = 0
    for (const e of track.events) {
      if (!Number.isInteger(e.tick) || e.tick < last)
        throw new Error(
          `track ${ti}: event ticks must be non-decreasing integers, got ${e.tick} after ${last}`,
        )
      delta(e.tick - last)
      for (let i = 0; i < e.bytes.length; i++) out[p++] = e.bytes[i]
      last = e.tick
    }
    delta(Math.max(last, track.endTick ?? last) - last)
    out.set([0xff, 0x2f, 0], p)
    p += 3
    const len = p - lengthAt - 4
    out.set([(len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff], lengthAt)
  })
  return out.slice(0, p)
}
