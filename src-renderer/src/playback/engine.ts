// Tone.js engine: plays a song from the pure `schedule()` on the Transport (callbacks use the scheduled `time`),
// handles loop region and metronome. The Transport runs in seconds; the song's tempo map is applied by schedule().
import * as Tone from 'tone'
import type { Song } from '@common/music/song'
import { secondsToTicks, songEndTick, ticksToSeconds } from '@common/music/time'
import type { MidiNote, Ticks, TrackId, Velocity } from '@common/music/units'
import { createClick, createPianoVoice } from './instrument'
import { metronomeBeats, schedule } from './schedule'

/** What the engine reads to play (the editor state satisfies this structurally). */
export interface PlaybackSource {
  readonly song: Song
  readonly muted: ReadonlySet<TrackId>
  readonly solo: ReadonlySet<TrackId>
  readonly loop: { readonly startTick: Ticks; readonly endTick: Ticks; readonly enabled: boolean }
}

const midiToFreq = (p: MidiNote): number => 440 * 2 ** ((p - 69) / 12)

/** Owns the synths and the Transport schedule. One per window. */
export class PlaybackEngine {
  #voice: Tone.PolySynth<Tone.FMSynth> | null = null
  #click: Tone.MembraneSynth | null = null
  #ids: number[] = []
  #song: Song | null = null
  metronome = false

  /** Resumes the audio context (must follow a user gesture in a normal browser). */
  async start(): Promise<void> {
    await Tone.start()
    this.#voice ??= createPianoVoice()
    this.#click ??= createClick()
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
    const voice = this.#voice
    if (voice) {
      for (const e of schedule(song, { mutedTracks: src.muted, soloTracks: src.solo })) {
        const freq = midiToFreq(e.pitch)
        const vel = e.velocity / 127
        this.#ids.push(
          t.schedule((time) => voice.triggerAttackRelease(freq, e.durationSeconds, time, vel), e.timeSeconds),
        )
      }
    }
    if (this.metronome && this.#click) this.#scheduleClicks(song, src)
    const { startTick, endTick, enabled } = src.loop
    t.loop = enabled && endTick > startTick
    if (t.loop) {
      t.loopStart = ticksToSeconds(song, startTick)
      t.loopEnd = ticksToSeconds(song, endTick)
    }
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

  /** Starts (or resumes) playback from the current position. */
  async play(src: PlaybackSource): Promise<void> {
    await this.start()
    this.reschedule(src)
    this.transport.start()
  }

  pause(): void {
    this.transport.pause()
  }

  /** Stops and returns to the start (the loop start when looping); returns that tick. */
  stop(src?: PlaybackSource): Ticks {
    this.transport.stop()
    this.#voice?.releaseAll()
    const home = src && src.loop.enabled ? src.loop.startTick : 0
    this.seek(home, src?.song)
    return home
  }

  /** Short preview of a pitch (note clicks in the editor). */
  preview(pitch: MidiNote, velocity: Velocity): void {
    if (!this.#voice || Tone.getContext().state !== 'running') {
      void this.start().then(() =>
        this.#voice?.triggerAttackRelease(midiToFreq(pitch), 0.3, undefined, velocity / 127),
      )
      return
    }
    this.#voice.triggerAttackRelease(midiToFreq(pitch), 0.3, undefined, velocity / 127)
  }

  dispose(): void {
    this.transport.stop()
    for (const id of this.#ids) this.transport.clear(id)
    this.#ids = []
    this.#voice?.dispose()
    this.#click?.dispose()
    this.#voice = this.#click = null
  }
}
