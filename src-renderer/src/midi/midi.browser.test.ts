// Web MIDI at its boundary, in real Chromium with the real engine: recording MIDIOutput/MIDIInput stand-ins
// (there are no MIDI ports on this machine) check message encoding, routing, timestamps, clock and recording.
import { afterEach, describe, expect, it } from 'vitest'
import { baseSong, notesFrom, trackOf } from '@common/midi/testSongs'
import { CC, type Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { Playback, type PlaybackSource } from '../playback/index'
import { MidiSession, type RecordTarget } from './MidiSession.svelte'
import type { InPort, OutPort } from './ports'
import type { TakeNote } from './take'

/** A MIDIOutput that records every message with its timestamp and when it was sent. */
class RecordingOut implements OutPort {
  readonly sent: { data: number[]; at: number; sentAt: number }[] = []
  constructor(readonly id: string) {}
  send(data: number[], timestamp?: number): void {
    this.sent.push({ data: [...data], at: timestamp ?? performance.now(), sentAt: performance.now() })
  }
  of(status: number) {
    return this.sent.filter((m) => m.data[0] === status)
  }
}
/** A MIDIInput: dispatches real MIDIMessageEvents (their timeStamp is the moment they are created). */
class FakeIn extends EventTarget {
  readonly name = 'Test keys'
  constructor(readonly id: string) {
    super()
  }
  play(bytes: number[]): void {
    this.dispatchEvent(new MIDIMessageEvent('midimessage', { data: new Uint8Array(bytes) }))
  }
}

const A = 'a' as TrackId
const B = 'b' as TrackId
// 120 BPM: 960 ticks per second.
const song: Song = baseSong({
  name: 'm',
  tracks: [
    trackOf(
      A,
      notesFrom(
        [0, 480, 960].map((t, i) => [60 + 2 * i, t, 240]),
        { prefix: 'a', velocity: 100 },
      ),
      {
        name: 'Piano',
        volume: 90,
        controllers: [
          { tick: 0, controller: CC.sustain, value: 127 },
          { tick: 1200, controller: CC.sustain, value: 0 },
        ],
      },
    ),
    trackOf(B, notesFrom([[48, 480, 480, 70]], { prefix: 'b' }), {
      name: 'Strings',
      channel: 3,
      program: 48,
    }),
  ],
})
const source = (s: Song): PlaybackSource => ({
  song: s,
  muted: new Set(),
  solo: new Set(),
  loop: { startTick: 0, endTick: 0, enabled: false },
})
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const until = async (perfMs: number) => {
  while (performance.now() < perfMs - 4) await sleep(Math.min(20, perfMs - performance.now() - 4))
  while (performance.now() < perfMs); // the last few ms busy: setTimeout alone is too coarse under load
}

let dispose: (() => void) | null = null
afterEach(() => {
  dispose?.()
  dispose = null
})

describe('MIDI output', () => {
  it('sends the song to its port and a track to its own port, in time, with clock and stop', async () => {
    const songPort = new RecordingOut('p1')
    const stringsPort = new RecordingOut('p2')
    const m = new MidiSession()
    m.usePorts({
      outputs: new Map([
        ['p1', songPort],
        ['p2', stringsPort],
      ]),
      inputs: new Map(),
    })
    m.songPortId = 'p1'
    m.trackPortIds = { [B]: 'p2' }
    m.clock = true
    const playback = new Playback(() => source(song))
    dispose = () => playback.dispose()
    m.attach(playback.engine, () => song)
    await playback.play()
    await sleep(1700)
    playback.stop()

    // Program, volume and pan first, on each track's own channel; B only on its port.
    expect(songPort.of(0xc0).map((x) => x.data)).toEqual([[0xc0, 0]])
    expect(songPort.sent.some((x) => x.data.join() === [0xb0, 7, 90].join())).toBe(true)
    expect(stringsPort.of(0xc3).map((x) => x.data)).toEqual([[0xc3, 48]])
    expect(songPort.of(0x93)).toHaveLength(0)
    expect(stringsPort.of(0x93).map((x) => x.data)).toEqual([[0x93, 48, 70]])

    // Notes 0.5 s apart, note-offs 0.25 s after their ons, the strings with the second piano note.
    const start = songPort.of(0xfa)[0].at
    const ons = songPort.of(0x90)
    expect(ons.map((x) => x.data[1])).toEqual([60, 62, 64])
    ons.forEach((x, i) => expect(Math.abs(x.at - start - 500 * i)).toBeLessThan(1))
    const offs = songPort.of(0x80)
    offs.forEach((x, i) => expect(Math.abs(x.at - ons[i].at - 250)).toBeLessThan(1))
    expect(Math.abs(stringsPort.of(0x93)[0].at - ons[1].at)).toBeLessThan(1)

    // Sustain pedal as CC64 at its ticks (0 and 1200 = 1.25 s).
    const pedal = songPort.sent.filter((x) => x.data[0] === 0xb0 && x.data[1] === 64)
    expect(pedal.map((x) => x.data[2])).toEqual([127, 0])
    expect(Math.abs(pedal[1].at - start - 1250)).toBeLessThan(1)

    // Clock: 24 per quarter (20.83 ms at 120 BPM) from the start, then stop and all-notes-off.
    const clocks = songPort.of(0xf8).map((x) => x.at)
    const stopAt = songPort.of(0xfc)[0].at
    const pulse = 500 / 24
    expect(clocks.length).toBeGreaterThanOrEqual(Math.floor((stopAt - start) / pulse)) // every pulse up to stop
    expect(clocks.at(-1)!).toBeLessThan(stopAt + 150 + pulse) // and at most the 150 ms sent ahead
    expect(Math.abs(clocks[0] - start)).toBeLessThan(1)
    for (let i = 1; i < clocks.length; i++)
      expect(Math.abs(clocks[i] - clocks[i - 1] - pulse)).toBeLessThan(0.5)
    expect(songPort.of(0xfc)).toHaveLength(1)
    expect(songPort.sent.some((x) => x.data.join() === [0xb0, 123, 0].join())).toBe(true)
    expect(stringsPort.sent.some((x) => x.data.join() === [0xb3, 123, 0].join())).toBe(true)
  }, 20_000)
})

describe('MIDI recording', () => {
  it('records a keyboard after a one-bar count-in into notes and pedal at the right ticks', async () => {
    const keys = new FakeIn('k1')
    const m = new MidiSession()
    m.usePorts({ outputs: new Map(), inputs: new Map([['k1', keys as unknown as InPort]]) })
    m.countInBars = 1 // 4 beats at 120 BPM = 2 s
    const empty: Song = { ...song, tracks: [{ ...song.tracks[0], notes: [], controllers: undefined }] }
    const playback = new Playback(() => source(empty))
    dispose = () => playback.dispose()
    let committed: { notes: TakeNote[]; pedal: unknown[] } | null = null
    const target: RecordTarget = {
      playback,
      song: () => empty,
      activeTrack: () => empty.tracks[0],
      loop: () => ({ startTick: 0, endTick: 0, enabled: false }),
      commit: (notes, pedal) => (committed = { notes, pedal }),
    }
    const pressed = performance.now()
    await m.record(target)
    expect(m.recording).toBe(true)
    // The transport starts (is heard) after the count-in: 2 s after Record.
    const p0 = m.originMs
    expect(p0 - pressed).toBeGreaterThan(1900)
    expect(p0 - pressed).toBeLessThan(2400)
    await until(p0 + 250)
    keys.play([0x90, 60, 100])
    await until(p0 + 750)
    keys.play([0x80, 60, 0])
    await until(p0 + 1000)
    keys.play([0x90, 64, 80])
    await until(p0 + 1200)
    keys.play([0xb0, 64, 127])
    await until(p0 + 1400)
    keys.play([0x90, 64, 0])
    await until(p0 + 1500)
    expect(m.stopRecording()).toBe(2)
    const { notes, pedal } = committed!
    // Within 15 ms (≈ 15 ticks at 960 ticks/s) of when they were played, measured from the count-in's end.
    const near = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThan(15)
    near(notes[0].startTick, 240)
    near(notes[0].durationTicks, 480)
    expect([notes[0].pitch, notes[0].velocity, notes[1].pitch, notes[1].velocity]).toEqual([60, 100, 64, 80])
    near(notes[1].startTick, 960)
    near(notes[1].durationTicks, 384)
    expect(pedal).toHaveLength(1)
    near((pedal[0] as { tick: number }).tick, 1152)
  }, 20_000)

  it('keeps the transport running past the song’s last note while recording (playback alone stops there)', async () => {
    const keys = new FakeIn('k1')
    const m = new MidiSession()
    m.usePorts({ outputs: new Map(), inputs: new Map([['k1', keys as unknown as InPort]]) })
    m.countInBars = 0
    // One short note: a plain play stops 0.5 s after it ends (at ≈ 0.63 s).
    const first = { ...song.tracks[0].notes[0], durationTicks: 120 }
    const short: Song = { ...song, tracks: [{ ...song.tracks[0], notes: [first], controllers: undefined }] }
    const playback = new Playback(() => source(short))
    dispose = () => playback.dispose()
    let committed: TakeNote[] = []
    const target: RecordTarget = {
      playback,
      song: () => short,
      activeTrack: () => short.tracks[0],
      loop: () => ({ startTick: 0, endTick: 0, enabled: false }),
      commit: (notes) => (committed = notes),
    }
    await m.record(target)
    const p0 = m.originMs
    await until(p0 + 1000)
    keys.play([0x90, 67, 90])
    await until(p0 + 1300)
    keys.play([0x80, 67, 0])
    expect(playback.playing, 'still recording past the end').toBe(true)
    expect(playback.positionTick).toBeGreaterThan(1100) // ≈ 1.3 s at 960 ticks/s
    expect(m.stopRecording()).toBe(1)
    expect(Math.abs(committed[0].startTick - 960)).toBeLessThan(15)
    // The same song played (not recorded) stops by itself after its note.
    playback.stop()
    await playback.play()
    await sleep(1200)
    expect(playback.playing).toBe(false)
  }, 20_000)
})
