// Web MIDI for the window: the ports, where the song goes (MidiOut), and recording from a keyboard into the
// active track (count-in, metronome, loop recording, input quantize). One per window, held by the Studio
// (lib/context.ts) so the routing and the chosen ports outlive the editor; the piano roll's panel drives it.
// Ports are reached only through ports.ts's interfaces, which recording fakes implement in tests.
import * as Tone from 'tone'
import type { ControllerEvent, Song, Track } from '@common/music/song'
import type { Ticks } from '@common/music/units'
import type { Playback, PlaybackEngine } from '../playback/index'
import { MidiOut } from './MidiOut'
import { parseMessage } from './messages'
import { contextTimeBase, requestMidi, type InPort, type OutPort, type TimeBase } from './ports'
import { takeToNotes, type TakeEvent, type TakeNote, type TakeOrigin } from './take'

/** What the panel lists: Web MIDI's port maps, or a test's. */
export interface PortSource {
  readonly outputs: ReadonlyMap<string, OutPort> | Iterable<[string, OutPort]>
  readonly inputs: ReadonlyMap<string, InPort> | Iterable<[string, InPort]>
}

export type InputQuantize = 'off' | '1/4' | '1/8' | '1/16'

/** What a recording needs from the editor it records into. */
export interface RecordTarget {
  readonly playback: Playback
  song(): Song
  activeTrack(): Track
  loop(): { startTick: Ticks; endTick: Ticks; enabled: boolean }
  /** Adds the take to the active track (one undoable edit) and selects it. */
  commit(notes: TakeNote[], pedal: ControllerEvent[]): void
}

export class MidiSession {
  connected = $state(false)
  error = $state<string | null>(null)
  outputs = $state.raw<OutPort[]>([])
  inputs = $state.raw<InPort[]>([])
  /** Port id the whole song goes to ('' = none). */
  songPortId = $state('')
  /** Per track: a port id, 'song' (default) or 'none'. */
  trackPortIds = $state<Record<string, string>>({})
  clock = $state(false)
  /** The studio's own instruments keep playing while a port plays the song. */
  internalSound = $state(true)
  inputId = $state('')
  countInBars = $state(1)
  metronome = $state(true)
  loopRecording = $state(false)
  quantize = $state<InputQuantize>('off')
  recording = $state(false)
  countingIn = $state(false)
  /** Notes of the last take (0 before any). */
  lastTake = $state(0)
  out: MidiOut | null = null
  #time: TimeBase | null = null
  #take: {
    target: RecordTarget
    port: InPort
    events: TakeEvent[]
    listener: Parameters<InPort['addEventListener']>[1]
    /** performance.now() ms at which the transport start is heard (fixed once, when it is scheduled). */
    originMs: number
  } | null = null

  /** Asks for Web MIDI (no SysEx) and lists the ports; keeps listing as devices come and go. */
  async connect(): Promise<void> {
    try {
      const access = await requestMidi()
      this.usePorts(access)
      access.onstatechange = () => this.usePorts(access)
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
    }
  }

  /** Uses these ports (Web MIDI's, or a test's recording ports). */
  usePorts(source: PortSource): void {
    this.outputs = [...source.outputs].map(([, p]) => p)
    this.inputs = [...source.inputs].map(([, p]) => p)
    this.connected = true
    this.error = null
    if (!this.inputId && this.inputs[0]) this.inputId = this.inputs[0].id
  }

  /** Routes `engine`'s schedule to the chosen ports (call after any routing change). */
  attach(engine: PlaybackEngine, song: () => Song): void {
    this.out ??= new MidiOut(song, this.#timeBase())
    const out = this.out
    const port = (id: string) => this.outputs.find((p) => p.id === id) ?? null
    out.songPort = port(this.songPortId)
    out.clock = this.clock
    out.trackRoutes.clear()
    for (const [trackId, id] of Object.entries(this.trackPortIds)) {
      const route = id === 'none' || id === 'song' ? id : (port(id) ?? 'song')
      out.trackRoutes.set(trackId as Track['id'], route)
    }
    engine.listener = out.active ? out : null
    engine.internalSound = this.internalSound || !out.active
  }

  #timeBase(): TimeBase {
    return (this.#time ??= contextTimeBase(Tone.getContext().rawContext as unknown as AudioContext))
  }

  /** Starts recording from the chosen input into `target`'s active track, after the count-in. */
  async record(target: RecordTarget): Promise<void> {
    if (this.recording) return
    const port = this.inputs.find((p) => p.id === this.inputId)
    if (!port) {
      this.error = 'Choose a MIDI input to record from.'
      return
    }
    const { playback } = target
    const engine = playback.engine
    await engine.start()
    const events: TakeEvent[] = []
    const listener: Parameters<InPort['addEventListener']>[1] = (e) => {
      if (!e.data) return
      const msg = parseMessage(e.data)
      events.push({ ms: e.timeStamp, msg })
      // Monitoring: the player hears the active track's instrument.
      if (msg.kind === 'noteOn') engine.monitor(target.activeTrack(), true, msg.pitch, msg.velocity)
      else if (msg.kind === 'noteOff') engine.monitor(target.activeTrack(), false, msg.pitch)
    }
    port.addEventListener('midimessage', listener)
    this.#take = { target, port, events, listener, originMs: 0 }
    this.recording = true
    this.error = null
    // Count-in: clicks of `countInBars` bars in the meter at the playhead, then the transport starts.
    const song = target.song()
    const at = playback.positionTick
    const sig = [...song.timeSignatures].reverse().find((t) => t.tick <= at) ?? {
      numerator: 4,
      denominator: 4,
    }
    const bpm = [...song.tempos].reverse().find((t) => t.tick <= at)?.bpm ?? 120
    const beat = (60 / bpm) * (4 / sig.denominator)
    const clicks = this.countInBars * sig.numerator
    const t0 = Tone.now() + 0.05
    for (let k = 0; k < clicks; k++) engine.click(t0 + k * beat, k % sig.numerator === 0)
    this.countingIn = clicks > 0
    setTimeout(() => (this.countingIn = false), clicks * beat * 1000)
    playback.metronome = this.metronome
    // Open-ended: a take may run past the song's last note (playback would otherwise stop there).
    await playback.play(t0 + clicks * beat, { openEnded: true })
    const start = engine.lastStart
    if (this.#take && start) this.#take.originMs = this.#timeBase().toPerformance(start.time)
  }

  /** performance.now() ms at which the recording's first tick is heard (0 when not recording). */
  get originMs(): number {
    return this.#take?.originMs ?? 0
  }

  /** Stops the transport and adds the take to the active track; returns the number of notes recorded. */
  stopRecording(): number {
    const take = this.#take
    if (!take) return 0
    this.#take = null
    const { target, port, events, listener, originMs } = take
    const end = performance.now()
    target.playback.pause()
    port.removeEventListener('midimessage', listener)
    this.recording = this.countingIn = false
    const start = target.playback.engine.lastStart
    if (!start) return 0
    const song = target.song()
    const loop = target.loop()
    const grid = { off: 0, '1/4': song.ppq, '1/8': song.ppq / 2, '1/16': song.ppq / 4 }[this.quantize]
    const origin: TakeOrigin = {
      ms: originMs,
      tick: start.tick,
      gridTicks: grid,
      ...(this.loopRecording && loop.enabled ? { loop } : {}),
    }
    const { notes, pedal } = takeToNotes(song, events, origin, end)
    if (notes.length > 0 || pedal.length > 0) target.commit(notes, pedal)
    this.lastTake = notes.length
    return notes.length
  }

  dispose(): void {
    this.out?.dispose()
  }
}
