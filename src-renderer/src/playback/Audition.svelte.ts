// Plays one short song at a time (an epoch's sample, a candidate) through the playback engine. Tone's
// Transport is global, so the audition removes its events when it stops and can yield to another player.
import type { Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import type { PlaybackSource } from './engine'
import { Playback } from './Playback.svelte'

const NONE: ReadonlySet<TrackId> = new Set()
const SILENCE: Song = { name: '', ppq: 480, tempos: [{ tick: 0, bpm: 120 }], timeSignatures: [], tracks: [] }
const EMPTY: PlaybackSource = {
  song: SILENCE,
  muted: NONE,
  solo: NONE,
  loop: { startTick: 0, endTick: 0, enabled: false },
}

/** Options of {@link Audition}. */
export interface AuditionOptions {
  /** Called before a song starts, e.g. to pause the editor's transport sharing Tone's global Transport. */
  readonly onstart?: () => void
}

/** One audition player per screen; call `dispose()` when the screen goes away. */
export class Audition {
  song = $state.raw<Song | null>(null)
  playingId = $state<string | null>(null)
  // Playback stops by itself after the last note (through the song's tempo map); the audition then forgets it.
  readonly #playback = new Playback(() => ({ ...EMPTY, song: this.song ?? SILENCE }), {
    onended: () => this.release(),
  })
  readonly #onstart?: () => void

  constructor(opts: AuditionOptions = {}) {
    this.#onstart = opts.onstart
  }

  /** Plays `song` from the start (stopping whatever played); again on the same id stops it. */
  async toggle(id: string, song: Song): Promise<void> {
    const same = this.playingId === id
    this.stop()
    if (same) return
    this.#onstart?.()
    this.song = song
    this.playingId = id
    this.#playback.seek(0)
    await this.#playback.play()
  }

  /** Stops the audition and removes its notes from the (shared) transport. */
  stop(): void {
    if (this.playingId !== null) this.#playback.stop()
    this.release()
  }

  /**
   * Forgets the audition without stopping the transport: for when another player took the transport over
   * (its own events stay scheduled; call its refresh afterwards, as this resets the transport's loop flag).
   */
  release(): void {
    if (this.playingId !== null) this.#playback.engine.reschedule(EMPTY)
    this.#playback.detach() // its end-of-song stop must not stop the player that took over
    this.playingId = null
  }

  dispose(): void {
    this.stop()
    this.#playback.dispose()
  }
}
