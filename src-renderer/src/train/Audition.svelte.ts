// Plays one short song at a time (an epoch's sample, a candidate) through the playback feature's transport.
// Starting another song stops the previous one; `playingId` tells the UI which item is sounding.
import type { Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { Playback } from '../playback/index'

const NONE: ReadonlySet<TrackId> = new Set()

/** One audition player per screen; call `dispose()` when the screen goes away. */
export class Audition {
  song = $state.raw<Song | null>(null)
  playingId = $state<string | null>(null)
  readonly #playback = new Playback(() => ({
    song: this.song ?? {
      name: '',
      ppq: 480,
      tempos: [{ tick: 0, bpm: 120 }],
      timeSignatures: [],
      tracks: [],
    },
    muted: NONE,
    solo: NONE,
    loop: { startTick: 0, endTick: 0, enabled: false },
  }))
  #timer: ReturnType<typeof setTimeout> | undefined

  /** Plays `song` from the start (stopping whatever played); again on the same id stops it. */
  async toggle(id: string, song: Song): Promise<void> {
    const same = this.playingId === id
    this.stop()
    if (same) return
    this.song = song
    this.playingId = id
    this.#playback.seek(0)
    await this.#playback.play()
    // The transport does not stop at the song's end by itself: stop after the last note (plus release).
    const end = Math.max(0, ...song.tracks.flatMap((t) => t.notes.map((n) => n.startTick + n.durationTicks)))
    const bpm = song.tempos[0]?.bpm ?? 120
    const seconds = (end / song.ppq) * (60 / bpm) + 0.5
    this.#timer = setTimeout(() => {
      if (this.playingId === id) this.stop()
    }, seconds * 1000)
  }

  stop(): void {
    clearTimeout(this.#timer)
    if (this.playingId !== null) this.#playback.stop()
    this.playingId = null
  }

  dispose(): void {
    this.stop()
    this.#playback.dispose()
  }
}
