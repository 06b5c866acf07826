// Sends what the engine plays to MIDI ports: the whole song to one port, or a port per track, on each track's own
// MIDI channel, with its program, volume and pan first; optionally MIDI clock (24 ppq) with start/continue/stop.
// Timestamps come from the engine's audio-context times, so a DAW or hardware synth plays in time with the audio.
import type { Song } from '@common/music/song'
import { CENTRE_PAN, DEFAULT_TRACK_VOLUME } from '@common/music/song'
import { secondsToTicks } from '@common/music/time'
import type { Seconds, TrackId } from '@common/music/units'
import type { ControlEvent, PlayEvent, ScheduleListener } from '../playback/index'
import { clockPulses } from './clock'
import {
  allNotesOff,
  CLOCK,
  CONTINUE,
  controlChange,
  noteOff,
  noteOn,
  programChange,
  songPosition,
  START,
  STOP,
} from './messages'
import type { OutPort, TimeBase } from './ports'

/** Where each track goes: its own port, the song's port ('song', the default) or nowhere ('none'). */
export type TrackRoute = OutPort | 'song' | 'none'

/** Clock pulses are sent this far ahead of time, refilled every {@link CLOCK_TICK_MS}. */
const CLOCK_AHEAD_S = 0.15
const CLOCK_TICK_MS = 25

export class MidiOut implements ScheduleListener {
  songPort: OutPort | null = null
  readonly trackRoutes = new Map<TrackId, TrackRoute>()
  /** Send MIDI clock and start/continue/stop to the song's port. */
  clock = false
  readonly #song: () => Song
  readonly #time: TimeBase
  /** Transport position mapping while running: song second `songAt` is heard at context time `ctxAt`. */
  #run: {
    ctxAt: Seconds
    songAt: Seconds
    clockedTo: Seconds
    timer: ReturnType<typeof setInterval>
  } | null = null
  readonly #used = new Map<OutPort, Set<number>>()

  constructor(song: () => Song, time: TimeBase) {
    this.#song = song
    this.#time = time
  }

  /** The port a track's events go to, or null. */
  portFor(trackId: TrackId): OutPort | null {
    const r = this.trackRoutes.get(trackId) ?? 'song'
    return r === 'none' ? null : r === 'song' ? this.songPort : r
  }

  get active(): boolean {
    return this.songPort !== null || [...this.trackRoutes.values()].some((r) => typeof r === 'object')
  }

  /**
   * performance.now() ms minus audio-context ms, fixed when the transport starts: one mapping per run keeps the
   * spacing of events exact (getOutputTimestamp() read per event jitters by milliseconds under load).
   */
  #offsetMs: number | null = null

  #perf(ctxTime: Seconds): number {
    return this.#offsetMs !== null ? ctxTime * 1000 + this.#offsetMs : this.#time.toPerformance(ctxTime)
  }

  #send(port: OutPort, bytes: number[], ctxTime: Seconds, channel?: number): void {
    port.send(bytes, this.#perf(ctxTime))
    if (channel === undefined) return
    let s = this.#used.get(port)
    if (!s) this.#used.set(port, (s = new Set()))
    s.add(channel)
  }

  note(e: PlayEvent, _synthChannel: number, time: Seconds): void {
    const port = this.portFor(e.trackId)
    if (!port) return
    this.#send(port, noteOn(e.channel, e.pitch, e.velocity), time, e.channel)
    this.#send(port, noteOff(e.channel, e.pitch), time + e.durationSeconds)
  }

  control(e: ControlEvent, _synthChannel: number, time: Seconds): void {
    const port = this.portFor(e.trackId)
    if (port) this.#send(port, controlChange(e.channel, e.controller, e.value), time, e.channel)
  }

  transport(state: 'start' | 'stop', time: Seconds, songSeconds = 0): void {
    if (state === 'start') this.#start(time, songSeconds)
    else this.#stop(time)
  }

  #start(time: Seconds, songSeconds: Seconds): void {
    this.#stopClock()
    this.#offsetMs = this.#time.toPerformance(time) - time * 1000
    const song = this.#song()
    for (const t of song.tracks) {
      const port = this.portFor(t.id)
      if (!port) continue
      // Just before the first notes: the receiving synth gets each track's sound and mix.
      const at = time - 0.002
      this.#send(port, programChange(t.channel, t.program), at, t.channel)
      this.#send(port, controlChange(t.channel, 7, t.volume ?? DEFAULT_TRACK_VOLUME), at)
      this.#send(port, controlChange(t.channel, 10, t.pan ?? CENTRE_PAN), at)
    }
    const port = this.songPort
    if (!this.clock || !port) return
    if (songSeconds > 0) {
      const sixteenths = secondsToTicks(song, songSeconds) / (song.ppq / 4)
      this.#send(port, songPosition(sixteenths), time - 0.001)
      this.#send(port, CONTINUE, time)
    } else this.#send(port, START, time)
    const run = {
      ctxAt: time,
      songAt: songSeconds,
      clockedTo: songSeconds,
      timer: setInterval(() => pump(), CLOCK_TICK_MS),
    }
    const pump = () => {
      const until = run.songAt + (this.#time.now() + CLOCK_AHEAD_S - run.ctxAt)
      for (const s of clockPulses(this.#song(), run.clockedTo, until))
        this.#send(port, CLOCK, run.ctxAt + (s - run.songAt))
      run.clockedTo = Math.max(run.clockedTo, until)
    }
    this.#run = run
    pump()
  }

  #stop(time: Seconds): void {
    this.#stopClock()
    for (const [port, channels] of this.#used)
      for (const c of channels) this.#send(port, allNotesOff(c), time)
    this.#used.clear()
    if (this.clock && this.songPort) this.#send(this.songPort, STOP, time)
    this.#offsetMs = null
  }

  #stopClock(): void {
    if (this.#run) clearInterval(this.#run.timer)
    this.#run = null
  }

  dispose(): void {
    this.#stopClock()
  }
}
