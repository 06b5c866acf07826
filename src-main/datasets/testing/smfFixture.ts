// Test support: builds small Standard MIDI Files byte by byte (independent of the readers under test), plus
// helpers to damage them the ways real files are damaged.

/** A note to write: `start`/`dur` in ticks of the file's ppq. */
export interface FixtureNote {
  readonly pitch: number
  readonly start: number
  readonly dur: number
  readonly vel?: number
}

function vlq(n: number): number[] {
  const out = [n & 0x7f]
  while ((n >>= 7) > 0) out.unshift((n & 0x7f) | 0x80)
  return out
}

function chunk(type: string, body: number[]): number[] {
  const len = body.length
  return [
    ...Buffer.from(type, 'ascii'),
    (len >>> 24) & 255,
    (len >>> 16) & 255,
    (len >>> 8) & 255,
    len & 255,
    ...body,
  ]
}

/**
 * A format-0 file at `ppq` with one tempo event (`bpm`) and the notes on channel 0 (note-off as 0x80).
 * @example smf([{ pitch: 60, start: 0, dur: 480 }]) // one quarter-note middle C at 120 BPM
 */
export function smf(notes: readonly FixtureNote[], opts: { ppq?: number; bpm?: number } = {}): Uint8Array {
  const ppq = opts.ppq ?? 480
  const usPerQuarter = Math.round(60_000_000 / (opts.bpm ?? 120))
  const events: { tick: number; bytes: number[]; order: number }[] = []
  for (const n of notes) {
    events.push({ tick: n.start, bytes: [0x90, n.pitch, n.vel ?? 80], order: 1 })
    events.push({ tick: n.start + n.dur, bytes: [0x80, n.pitch, 0], order: 0 })
  }
  events.sort((a, b) => a.tick - b.tick || a.order - b.order)
  const track: number[] = [
    0,
    0xff,
    0x51,
    3,
    (usPerQuarter >> 16) & 255,
    (usPerQuarter >> 8) & 255,
    usPerQuarter & 255,
  ]
  let last = 0
  for (const e of events) {
    track.push(...vlq(e.tick - last), ...e.bytes)
    last = e.tick
  }
  track.push(0, 0xff, 0x2f, 0)
  return new Uint8Array([
    ...chunk('MThd', [0, 0, 0, 1, (ppq >> 8) & 255, ppq & 255]),
    ...chunk('MTrk', track),
  ])
}

/** A melody of `count` quarter notes cycling through `pitches`. */
export function melody(pitches: readonly number[], count: number, ppq = 480): FixtureNote[] {
  return Array.from({ length: count }, (_, i) => ({
    pitch: pitches[i % pitches.length],
    start: i * ppq,
    dur: ppq,
  }))
}
