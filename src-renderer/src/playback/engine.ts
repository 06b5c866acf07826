// Tone.js engine: plays a song from the pure `schedule()` on the Transport (callbacks use the scheduled `time`),
// handles loop region and metronome. The Transport runs in seconds; the song's tempo map is applied by schedule().
// Each track plays its instrument (instruments/routing.ts): the sampled grand through a per-track channel strip
// (volume, pan), or a GM voice on its own synthesizer channel (program, CC7, CC10 and CC64 sent as MIDI).
import * as Tone from 'tone'
import type { TimedSynth } from './instruments/gmSynth'
import { midiToHz } from '@common/music/pitch'
import { CC, CENTRE_PAN, DEFAULT_TRACK_VOLUME, type Song, type Track } from '@common/music/song'
import { secondsToTicks, songEndTick, ticksToSeconds } from '@common/music/time'
import type { MidiNote, Seconds, Ticks, TrackId, Velocity } from '@common/music/units'
import { createClick, createPianoVoice } from './instrument'
import { liveInstruments, useNativeContext, type LiveInstruments } from './instruments/live'
import { SampledPiano } from './instruments/piano'
import { instrumentOf, panValue, synthChannels, volumeGain } from './instruments/routing'
import { controlSchedule, metronomeBeats, schedule, type ControlEvent, type PlayEvent } from './schedule'

/**
 * The earliest start at or after `time` whose first tick Tone keeps. Tone 15.5 drops the first tick when the start
 * time comes back from its own seconds→ticks→seconds round trip one ulp low (about one start in ten), so the notes at
 * the playhead went unheard. The nudge is a few ulps (far below a sample).
 */
function firstTickSafe(time: Seconds): Seconds {
  const bpm = Tone.getTransport().bpm
  let t = time
  for (let i = 0; i < 64 && bpm.getTimeOfTick(bpm.getTicksAtTime(t)) < t; i++)
    t += Number.EPSILON * Math.max(1, t)
  return t
}

// Before any Tone object exists: Tone and the GM worklet must share one native context.
useNativeContext()

/** What the engine reads to play (the editor state satisfies this structurally). */
export interface PlaybackSource {
  readonly song: Song
  readonly muted: ReadonlySet<TrackId>
  readonly solo: ReadonlySet<TrackId>
  readonly loop: { readonly startTick: Ticks; readonly endTick: Ticks; readonly enabled: boolean }
}

/** Receives every note and controller the engine schedules (MIDI output listens here). */
export interface ScheduleListener {
  /** Called from the Transport with the audio-context `time` of the event. */
  note(e: PlayEvent, synthChannel: number, time: Seconds): void
  control(e: ControlEvent, synthChannel: number, time: Seconds): void
  /** Transport started (at song second `songSeconds`), paused or stopped (`time` in audio-context seconds). */
  transport(state: 'start' | 'stop', time: Seconds, songSeconds?: Seconds): void
}

/** spessasynth types CC numbers as a union of the named ones; any 0..127 is valid MIDI. */
type Cc = Parameters<TimedSynth['controllerChange']>[1]

/** A sampled-piano track's voice and its channel strip. */
interface PianoStrip {
  readonly voice: SampledPiano
  readonly strip: Tone.Channel
}

/** Owns the per-track voices and the Transport schedule. One per player (the instruments are shared). */
export class PlaybackEngine {
  #fm: Tone.PolySynth<Tone.FMSynth> | null = null
  #click: Tone.MembraneSynth | null = null
  #instruments: LiveInstruments | null = null
  #pianos = new Map<TrackId, PianoStrip>()
  #ids: number[] = []
  #song: Song | null = null
  metronome = false
  /** Set to also send what plays elsewhere (a MIDI port). */
  listener: ScheduleListener | null = null
  /** False silences the studio's own instruments (when a MIDI port plays the song instead). */
  internalSound = true
  /** Where the last play started: audio-context time and song tick (the MIDI recorder's time origin). */
  lastStart: { readonly time: Seconds; readonly tick: Ticks } | null = null

  /** Resumes the audio context and loads the instruments (must follow a user gesture in a normal browser). */
  async start(): Promise<LiveInstruments> {
    await Tone.start()
    this.#fm ??= createPianoVoice()
    this.#click ??= createClick()
    this.#instruments ??= await liveInstruments()
    return this.#instruments
  }

  /** Why a part plays on the fallback voice (empty when every sound loaded). */
  get loadErrors(): readonly string[] {
    return this.#instruments?.errors ?? []
  }

  get transport() {
    return Tone.getTransport()
  }
  get playing(): boolean {
    return this.transport.state === 'started'
  }

  /** Current position in ticks of the last scheduled song (0 before any play). */
  positionTick(): Ticks {
    const s = this.#song
    return s ? secondsToTicks(s, Math.max(0, this.transport.seconds)) : 0
  }

  /** Moves the playhead to `tick` of `song` (default: the song last scheduled). */
  seek(tick: Ticks, song: Song | null = this.#song): void {
    this.#song = song
    if (song) this.transport.seconds = ticksToSeconds(song, Math.max(0, tick))
  }

  /** (Re)builds the Transport schedule from `src`; call after edits while playing. */
  reschedule(src: PlaybackSource): void {
    const t = this.transport
    for (const id of this.#ids) t.clear(id)
    this.#ids = []
    const song = src.song
    this.#song = song
    const channels = synthChannels(song.tracks)
    const index = new Map(song.tracks.map((tr, i) => [tr.id, i]))
    const gm = this.#instruments?.gm ?? null
    this.#setUpTracks(song, channels, gm)
    const filter = { mutedTracks: src.muted, soloTracks: src.solo }
    for (const e of schedule(song, filter)) {
      const i = index.get(e.trackId)!
      const play = this.#player(song.tracks[i], channels[i], gm)
      this.#ids.push(
        t.schedule((time) => {
          if (this.internalSound) play(e, time)
          this.listener?.note(e, channels[i], time)
        }, e.timeSeconds),
      )
    }
    for (const c of controlSchedule(song, filter)) {
      const i = index.get(c.trackId)!
      const ch = channels[i]
      const toGm = gm && instrumentOf(song.tracks[i]) === 'gm'
      this.#ids.push(
        t.schedule((time) => {
          if (toGm) gm.controllerChange(ch, c.controller as Cc, c.value, gm.at(time))
          this.listener?.control(c, ch, time)
        }, c.timeSeconds),
      )
    }
    if (this.metronome && this.#click) this.#scheduleClicks(song, src)
    const { startTick, endTick, enabled } = src.loop
    t.loop = enabled && endTick > startTick
    if (t.loop) {
      t.loopStart = ticksToSeconds(song, startTick)
      t.loopEnd = ticksToSeconds(song, endTick)
      // Each pass restates the pedal as it is at the loop start (it may have been down at the loop end).
      this.#ids.push(t.schedule((time) => this.#chase(song, channels, startTick, time), t.loopStart))
    }
  }

  /** The function that sounds one note of `track`. */
  #player(track: Track, channel: number, gm: TimedSynth | null): (e: PlayEvent, time: Seconds) => void {
    const piano = this.#pianos.get(track.id)
    if (piano) return (e, time) => piano.voice.play(e.pitch, e.sustainedSeconds, time, e.velocity)
    if (gm && instrumentOf(track) === 'gm')
      return (e, time) => {
        gm.noteOn(channel, e.pitch, e.velocity, gm.at(time))
        gm.noteOff(channel, e.pitch, gm.at(time + e.durationSeconds))
      }
    const fm = this.#fm
    return (e, time) =>
      fm?.triggerAttackRelease(midiToHz(e.pitch), e.sustainedSeconds, time, e.velocity / 127)
  }

  /** Piano voices and strips for the song's piano tracks; program, volume and pan of each GM channel. */
  #setUpTracks(song: Song, channels: number[], gm: TimedSynth | null): void {
    const samples = this.#instruments?.samples ?? null
    const keep = new Set<TrackId>()
    song.tracks.forEach((tr, i) => {
      const volume = tr.volume ?? DEFAULT_TRACK_VOLUME
      const pan = tr.pan ?? CENTRE_PAN
      if (instrumentOf(tr) === 'piano' && samples) {
        keep.add(tr.id)
        let p = this.#pianos.get(tr.id)
        if (!p) {
          const strip = new Tone.Channel().toDestination()
          p = { strip, voice: new SampledPiano(samples, strip) }
          this.#pianos.set(tr.id, p)
        }
        p.strip.volume.value = Tone.gainToDb(volumeGain(volume))
        p.strip.pan.value = panValue(pan)
      } else if (gm && instrumentOf(tr) === 'gm') {
        const ch = channels[i]
        gm.programChange(ch, tr.program)
        gm.controllerChange(ch, CC.volume, volume)
        gm.controllerChange(ch, CC.pan, pan)
      }
    })
    for (const [id, p] of this.#pianos) {
      if (keep.has(id)) continue
      p.voice.dispose()
      p.strip.dispose()
      this.#pianos.delete(id)
    }
  }

  /** Sends each GM track's controller values in force at `tick` (playing from the middle of a pedal). */
  #chase(song: Song, channels: number[], tick: Ticks, time?: Seconds): void {
    const gm = this.#instruments?.gm
    if (!gm) return
    song.tracks.forEach((tr, i) => {
      if (instrumentOf(tr) !== 'gm') return
      const state = new Map<number, number>([[CC.sustain, 0]])
      for (const c of tr.controllers ?? []) if (c.tick < tick) state.set(c.controller, c.value)
      for (const [cc, v] of state)
        gm.controllerChange(channels[i], cc as Cc, v, time === undefined ? undefined : gm.at(time))
    })
  }

  #scheduleClicks(song: Song, src: PlaybackSource): void {
    const click = this.#click!
    const end = Math.max(songEndTick(song), src.loop.endTick) + song.ppq * 4
    for (const b of metronomeBeats(song, end)) {
      const [note, vel] = b.downbeat ? ['C6', 1] : ['G5', 0.6]
      this.#ids.push(
        this.transport.schedule((time) => click.triggerAttackRelease(note, 0.03, time, vel), b.timeSeconds),
      )
    }
  }

  /** Starts (or resumes) playback from the current position, now or at audio-context time `at`. */
  async play(src: PlaybackSource, at?: Seconds): Promise<void> {
    await this.start()
    this.reschedule(src)
    const song = src.song
    const tick = this.positionTick()
    this.#chase(song, synthChannels(song.tracks), tick)
    const time = firstTickSafe(Math.max(at ?? 0, Tone.now()))
    this.lastStart = { time, tick }
    this.transport.start(time)
    this.listener?.transport('start', time, this.transport.seconds)
  }

  /** Plays a note from a MIDI keyboard on `track`'s instrument right away (monitoring while recording). */
  monitor(track: Track, on: boolean, pitch: MidiNote, velocity: Velocity = 0): void {
    const inst = this.#instruments
    if (!inst) return
    if (inst.gm && instrumentOf(track) === 'gm') {
      const ch = track.channel === 9 ? 9 : 15
      if (ch === 15 && on) inst.gm.programChange(15, track.program)
      if (on) inst.gm.noteOn(ch, pitch, velocity)
      else inst.gm.noteOff(ch, pitch)
    } else if (inst.samples) {
      this.#previewPiano ??= new SampledPiano(inst.samples, Tone.getDestination())
      if (on) this.#previewPiano.attack(pitch, Tone.now(), velocity)
      else this.#previewPiano.release(pitch, Tone.now())
    }
  }

  /** One metronome click at audio-context `time` (count-in). */
  click(time: Seconds, downbeat: boolean): void {
    this.#click?.triggerAttackRelease(downbeat ? 'C6' : 'G5', 0.03, time, downbeat ? 1 : 0.6)
  }

  pause(): void {
    this.transport.pause()
    this.#silence()
  }

  /** Stops and returns to the start (the loop start when looping); returns that tick. */
  stop(src?: PlaybackSource): Ticks {
    this.transport.stop()
    this.#silence()
    const home = src && src.loop.enabled ? src.loop.startTick : 0
    this.seek(home, src?.song)
    return home
  }

  /** Releases every sounding voice (notes scheduled ahead on the GM synth are cleared too). */
  #silence(): void {
    this.#fm?.releaseAll()
    for (const p of this.#pianos.values()) p.voice.releaseAll()
    this.#instruments?.gm?.stopAll()
    this.listener?.transport('stop', Tone.now())
  }

  /** Short preview of a pitch on `track`'s instrument (note clicks in the editor; the sampled grand by default). */
  preview(pitch: MidiNote, velocity: Velocity, track?: Pick<Track, 'program' | 'channel'>): void {
    void this.start().then((inst) => {
      const time = Tone.now()
      if (track && inst.gm && instrumentOf(track) === 'gm') {
        const ch = track.channel === 9 ? 9 : 15 // a spare channel: the song's tracks use 0..14 first
        if (ch === 15) inst.gm.programChange(15, track.program)
        inst.gm.noteOn(ch, pitch, velocity, inst.gm.at(time))
        inst.gm.noteOff(ch, pitch, inst.gm.at(time + 0.3))
      } else if (inst.samples) {
        this.#previewPiano ??= new SampledPiano(inst.samples, Tone.getDestination())
        this.#previewPiano.play(pitch, 0.3, time, velocity)
      } else this.#fm?.triggerAttackRelease(midiToHz(pitch), 0.3, time, velocity / 127)
    })
  }
  #previewPiano: SampledPiano | null = null

  dispose(): void {
    this.transport.stop()
    for (const id of this.#ids) this.transport.clear(id)
    this.#ids = []
    this.#fm?.dispose()
    this.#click?.dispose()
    this.#previewPiano?.dispose()
    for (const p of this.#pianos.values()) {
      p.voice.dispose()
      p.strip.dispose()
    }
    this.#pianos.clear()
    this.#fm = this.#click = this.#previewPiano = null
  }
}
