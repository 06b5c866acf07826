// Checked Standard MIDI File parser: bytes → per-track event lists with absolute ticks. Every read is bounds-checked
// and every length validated, so garbage, truncations and bit flips throw MidiFormatError in linear time.
import { MidiFormatError } from './errors'
import { decodeText } from './text'

/** One parsed event; `tick` is absolute within its track, in the file's own resolution. */
export type SmfEvent =
  | {
      readonly kind: 'noteOn'
      readonly tick: number
      readonly channel: number
      readonly pitch: number
      readonly velocity: number
    }
  | { readonly kind: 'noteOff'; readonly tick: number; readonly channel: number; readonly pitch: number }
  | { readonly kind: 'program'; readonly tick: number; readonly channel: number; readonly program: number }
  | {
      readonly kind: 'controller'
      readonly tick: number
      readonly channel: number
      readonly controller: number
      readonly value: number
    }
  | { readonly kind: 'tempo'; readonly tick: number; readonly usPerBeat: number }
  | {
      readonly kind: 'timeSignature'
      readonly tick: number
      readonly numerator: number
      readonly denominator: number
    }
  | { readonly kind: 'trackName' | 'text'; readonly tick: number; readonly text: string }

/** A parsed file. NoteOn with velocity 0 is reported as `noteOff` (as every reader treats it). */
export interface SmfFile {
  /** 0, 1 or 2. */
  readonly format: number
  /** Ticks per quarter note; for SMPTE-timed files, ticks per second (and `smpte` is true). */
  readonly ppq: number
  readonly smpte: boolean
  readonly tracks: readonly (readonly SmfEvent[])[]
}

const ascii = (b: Uint8Array, at: number): string =>
  String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3])
const u32 = (b: Uint8Array, at: number): number =>
  ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3]
/** RIFF sizes are little-endian. */
const u32le = (b: Uint8Array, at: number): number =>
  ((b[at + 3] << 24) >>> 0) + (b[at + 2] << 16) + (b[at + 1] << 8) + b[at]

/** Finds the SMF inside a RIFF 'RMID' wrapper, else returns the offset 0 when the bytes start with 'MThd'. */
function smfOffset(b: Uint8Array, label: string): number {
  if (b.length >= 4 && ascii(b, 0) === 'MThd') return 0
  if (b.length >= 12 && ascii(b, 0) === 'RIFF' && ascii(b, 8) === 'RMID') {
    for (let at = 12; at + 8 <= b.length; at += 8 + u32le(b, at + 4) + (u32le(b, at + 4) & 1)) {
      if (ascii(b, at) === 'data') return at + 8
    }
    throw new MidiFormatError('truncated', `${label}: RIFF MIDI without a 'data' chunk`)
  }
  const head = Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ')
  throw new MidiFormatError(
    'not-midi',
    `${label}: not a MIDI file (starts with bytes ${head}, expected 'MThd')`,
  )
}

/** Options of {@link parseSmf}. */
export interface ParseSmfOptions {
  /**
   * Refuse files with more kept events ({@link SmfEvent}s, all tracks) than this, with reason 'too-large', as soon
   * as the count is passed, so memory stays bounded on hostile input (a few MB of running status is millions of
   * notes). Default: no limit.
   */
  readonly maxEvents?: number
}

/**
 * Parses `bytes` as a Standard MIDI File (optionally RIFF-wrapped). `label` names the input in error messages.
 * Tolerated like common players do: missing end-of-track, fewer track chunks than the header announces, alien
 * chunks with printable ids (skipped). Events other than those in {@link SmfEvent} are consumed and dropped.
 * @throws {MidiFormatError} 'empty' | 'not-midi' | 'truncated' | 'corrupt', or 'too-large' past `maxEvents`.
 */
export function parseSmf(bytes: Uint8Array, label = 'MIDI data', opts: ParseSmfOptions = {}): SmfFile {
  if (bytes.length === 0) throw new MidiFormatError('empty', `${label}: empty file (0 bytes)`)
  const base = smfOffset(bytes, label)
  if (bytes.length < base + 14)
    throw new MidiFormatError('truncated', `${label}: header cut off at ${bytes.length} bytes`)
  const headerLen = u32(bytes, base + 4)
  if (headerLen < 6) throw new MidiFormatError('corrupt', `${label}: header length ${headerLen} < 6`)
  const format = (bytes[base + 8] << 8) | bytes[base + 9]
  const announced = (bytes[base + 10] << 8) | bytes[base + 11]
  const division = (bytes[base + 12] << 8) | bytes[base + 13]
  if (format > 2)
    throw new MidiFormatError('corrupt', `${label}: unknown MIDI format ${format} (expected 0, 1 or 2)`)
  let ppq: number
  const smpte = (division & 0x8000) !== 0
  if (smpte) {
    const fps = 256 - (division >> 8)
    ppq = fps * (division & 0xff)
    if (![24, 25, 29, 30].includes(fps) || ppq === 0)
      throw new MidiFormatError('corrupt', `${label}: bad SMPTE division 0x${division.toString(16)}`)
  } else {
    ppq = division
    if (ppq === 0) throw new MidiFormatError('corrupt', `${label}: resolution is 0 ticks per quarter`)
  }
  const tracks: SmfEvent[][] = []
  const budget = { left: opts.maxEvents ?? Infinity, max: opts.maxEvents ?? Infinity }
  let at = base + 8 + headerLen
  while (tracks.length < announced && at + 8 <= bytes.length) {
    const id = ascii(bytes, at)
    const len = u32(bytes, at + 4)
    const body = at + 8
    if (id === 'MTrk') {
      if (body + len > bytes.length)
        throw new MidiFormatError(
          'truncated',
          `${label}: track ${tracks.length} declares ${len} bytes but only ${bytes.length - body} remain`,
        )
      tracks.push(parseTrack(bytes, body, body + len, `${label}: track ${tracks.length}`, budget))
    } else if (!/^[\x20-\x7e]{4}$/.test(id)) {
      throw new MidiFormatError(
        'corrupt',
        `${label}: garbage where a track chunk should start (offset ${at})`,
      )
    }
    at = body + len
  }
  if (tracks.length === 0 && announced > 0)
    throw new MidiFormatError(
      'truncated',
      `${label}: header announces ${announced} tracks but none is present`,
    )
  return { format, ppq, smpte, tracks }
}

function parseTrack(
  b: Uint8Array,
  start: number,
  end: number,
  label: string,
  budget: { left: number; readonly max: number },
): SmfEvent[] {
  const events: SmfEvent[] = []
  const keep = (e: SmfEvent): void => {
    if (--budget.left < 0)
      throw new MidiFormatError(
        'too-large',
        `${label}: more than ${budget.max} note, tempo and text events (the limit per file) at byte ${p}`,
      )
    events.push(e)
  }
  let p = start
  let tick = 0
  let status = 0
  const fail = (what: string): never => {
    const reason = end >= b.length && p >= end ? 'truncated' : 'corrupt'
    throw new MidiFormatError(reason, `${label}: ${what} at byte ${p}`)
  }
  const byte = (): number => (p < end ? b[p++] : fail('event cut off'))
  const varint = (): number => {
    let v = 0
    for (let i = 0; i < 4; i++) {
      const x = byte()
      v = v * 128 + (x & 0x7f)
      if ((x & 0x80) === 0) return v
    }
    return fail('variable-length number longer than 4 bytes')
  }
  const data = (len: number): Uint8Array => {
    if (len > end - p) fail(`length ${len} runs past the end of the track`)
    p += len
    return b.subarray(p - len, p)
  }
  while (p < end) {
    tick += varint()
    let s = byte()
    if (s === 0xff) {
      const type = byte()
      const d = data(varint())
      if (type === 0x2f) break // end of track: anything after it is ignored, as players do
      if (type === 0x51) {
        const us = d.length === 3 ? (d[0] << 16) | (d[1] << 8) | d[2] : 0
        if (us === 0) fail(`bad tempo event (length ${d.length}, value ${us})`)
        keep({ kind: 'tempo', tick, usPerBeat: us })
      } else if (type === 0x58) {
        if (d.length < 2 || d[0] === 0 || d[1] > 6)
          fail(`bad time signature event (${Array.from(d).join(',')})`)
        keep({ kind: 'timeSignature', tick, numerator: d[0], denominator: 1 << d[1] })
      } else if (type === 0x03) keep({ kind: 'trackName', tick, text: decodeText(d) })
      else if (type === 0x01) keep({ kind: 'text', tick, text: decodeText(d) })
    } else if (s === 0xf0 || s === 0xf7) {
      data(varint()) // sysex: skipped; it also cancels running status
      status = 0
    } else if (s >= 0xf1) {
      fail(`invalid status byte 0x${s.toString(16)}`)
    } else {
      let a: number
      if (s < 0x80) {
        if (status === 0) fail('running status without a previous status byte')
        a = s
        s = status
      } else {
        status = s
        a = byte()
      }
      const type = s >> 4
      const channel = s & 0x0f
      const two = type !== 0xc && type !== 0xd
      const c = two ? byte() : 0
      if (a > 127 || c > 127) fail(`data byte > 127 in a channel event`)
      if (type === 0x9 && c > 0) keep({ kind: 'noteOn', tick, channel, pitch: a, velocity: c })
      else if (type === 0x8 || type === 0x9) keep({ kind: 'noteOff', tick, channel, pitch: a })
      else if (type === 0xc) keep({ kind: 'program', tick, channel, program: a })
      else if (type === 0xb) keep({ kind: 'controller', tick, channel, controller: a, value: c })
    }
  }
  return events
}
