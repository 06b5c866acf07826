// Reactive playback controller: wraps the engine, exposes playing/position as runes state, runs the
// requestAnimationFrame loop that moves the playhead in step with Transport.seconds, and stops at the song's end.
import { barBeatAt, secondsToTicks, songEndTick, ticksToSeconds } from '@common/music/time'
import type { Ticks } from '@common/music/units'
import { PlaybackEngine, type PlaybackSource } from './engine'
import { END_TAIL_SECONDS } from './schedule'

/** Options of {@link Playback}. */
export interface PlaybackOptions {
  /** Called when playback reached the end of the song by itself (not on pause/stop). */
  readonly onended?: () => void
}

/** Reactive transport for one document. `source` is read on every (re)schedule. */
export class Playback {
  readonly engine = new PlaybackEngine()
  playing = $state(false)
  /** Playhead in ticks, updated every animation frame while playing. */
  positionTick = $state<Ticks>(0)
  metronome = $state(false)
  /** True while the instruments load (the first play of a window). */
  loading = $state(false)
  /** Why some part plays on the fallback voice, or null when every sound loaded. */
  soundError = $state<string | null>(null)
  #frame = 0
  #source: () => PlaybackSource
  readonly #onended?: () => void
  /** Tick at which playback stops by itself (end of the last note), or null (looping, empty, started past it). */
  #endTick: Ticks | null = null
  /** This play does not stop at the song's end (recording). */
  #openEnded = false

  constructor(source: () => PlaybackSource, opts: PlaybackOptions = {}) {
    this.#source = source
    this.#onended = opts.onended
  }

  /**
   * Where this play stops by itself: just after the last note, unless open-ended, looping or starting at or after
   * its end.
   */
  #stopTick(from: Ticks): Ticks | null {
    if (this.#openEnded) return null
    const src = this.#source()
    if (src.loop.enabled && src.loop.endTick > src.loop.startTick) return null
    const end = songEndTick(src.song)
    if (!(end > 0 && from < end)) return null
    return secondsToTicks(src.song, ticksToSeconds(src.song, end) + END_TAIL_SECONDS)
  }

  /** "bar:beat" (1-based) of the playhead. */
  get barBeat(): string {
    const s = this.#source().song
    const bb = barBeatAt(s, Math.max(0, this.positionTick))
    return `${bb.bar}:${bb.beat}`
  }

  /** Playhead time as m:ss.mmm under the tempo map. */
  get clock(): string {
    const sec = ticksToSeconds(this.#source().song, Math.max(0, this.positionTick))
    const m = Math.floor(sec / 60)
    return `${m}:${(sec - m * 60).toFixed(3).padStart(6, '0')}`
  }

  /**
   * Plays from the playhead, now or at audio-context time `at` (after a recording's count-in). `openEnded` keeps
   * playing past the song's end (a MIDI recording may run longer than the song).
   */
  async play(at?: number, opts: { readonly openEnded?: boolean } = {}): Promise<void> {
    this.engine.metronome = this.metronome
    this.#openEnded = opts.openEnded ?? false
    this.#endTick = this.#stopTick(this.positionTick)
    this.loading = true
    try {
      await this.engine.play(this.#source(), at)
    } finally {
      this.loading = false
    }
    this.soundError = this.engine.loadErrors.length ? this.engine.loadErrors.join('; ') : null
    this.playing = true
    this.#tick()
  }

  pause(): void {
    this.engine.pause()
    this.playing = false
    cancelAnimationFrame(this.#frame)
    this.positionTick = this.engine.positionTick()
  }

  async playPause(): Promise<void> {
    if (this.playing) this.pause()
    else await this.play()
  }

  /** Stops and returns to the start (or loop start). */
  stop(): void {
    const home = this.engine.stop(this.#source())
    this.playing = false
    cancelAnimationFrame(this.#frame)
    // Exactly the home tick: Tone's Transport reads seconds back through its tick clock (≈1e-13 off).
    this.positionTick = home
  }

  /** Stops following the Transport without stopping it: another player sharing Tone's Transport took it over. */
  detach(): void {
    this.playing = false
    cancelAnimationFrame(this.#frame)
  }

  seek(tick: Ticks): void {
    this.engine.seek(tick, this.#source().song)
    this.positionTick = Math.max(0, tick)
  }

  /** Call after edits, mute/solo or loop changes so what plays matches what is shown. */
  refresh(): void {
    if (!this.playing) return
    this.engine.metronome = this.metronome
    this.engine.reschedule(this.#source())
    this.#endTick = this.#stopTick(this.engine.positionTick())
  }

  #tick = (): void => {
    this.positionTick = this.engine.positionTick()
    if (this.playing && this.#endTick !== null && this.positionTick >= this.#endTick) {
      // The Transport itself never stops: past the last note, stop as the Stop button does.
      this.stop()
      this.#onended?.()
      return
    }
    if (this.playing) this.#frame = requestAnimationFrame(this.#tick)
  }

  dispose(): void {
    cancelAnimationFrame(this.#frame)
    this.engine.dispose()
  }
}
