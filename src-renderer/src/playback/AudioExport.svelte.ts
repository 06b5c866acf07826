// Export audio (WAV) of the song or the selection: offline render with progress, ETA and cancel, encoded as
// 16-bit PCM WAV (spessasynth_lib's encoder) and saved through the shell's save dialog (file:saveAudio), over the
// client the editor was given (so a test can hand it its own).
import { audioBufferToWav } from 'spessasynth_lib'
import type { Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { exportFileName, extractForExport, type ExportScope } from '../export/index'
import type { StudioClient } from '../lib/ipc'
import { renderSong } from './render'

/** Renders `scope` of `song` and returns the WAV bytes (mute/solo as in the editor). */
export async function renderWav(
  song: Song,
  scope: ExportScope,
  opts: {
    mutedTracks?: ReadonlySet<TrackId>
    soloTracks?: ReadonlySet<TrackId>
    onProgress?: (f: number) => void
    signal?: AbortSignal
    sampleRate?: number
  } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const buffer = await renderSong(extractForExport(song, scope), opts)
  // No normalisation: the file has the level the composer heard.
  return new Uint8Array(await audioBufferToWav(buffer, { normalizeAudio: false }).arrayBuffer())
}

/** One audio export at a time, with reactive progress for the status line. */
export class AudioExport {
  running = $state(false)
  fraction = $state(0)
  etaSeconds = $state<number | null>(null)
  #abort: AbortController | null = null
  readonly #client: StudioClient

  constructor(client: StudioClient) {
    this.#client = client
  }

  /** Renders and asks where to save; resolves with the path, or null when cancelled (dialog or Cancel). */
  async run(
    song: Song,
    scope: ExportScope,
    mix: { muted: ReadonlySet<TrackId>; solo: ReadonlySet<TrackId> },
  ): Promise<string | null> {
    if (this.running) return null
    const abort = (this.#abort = new AbortController())
    const started = performance.now()
    Object.assign(this, { running: true, fraction: 0, etaSeconds: null })
    try {
      const bytes = await renderWav(song, scope, {
        mutedTracks: mix.muted,
        soloTracks: mix.solo,
        signal: abort.signal,
        onProgress: (f) => {
          this.fraction = f
          const spent = (performance.now() - started) / 1000
          this.etaSeconds = f > 0.02 ? (spent / f) * (1 - f) : null
        },
      })
      const suggestedName = exportFileName(song, scope).replace(/\.mid$/, '.wav')
      const saved = await this.#client.call('file:saveAudio', { suggestedName, bytes })
      return saved?.path ?? null
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return null
      throw err
    } finally {
      this.running = false
      this.#abort = null
    }
  }

  cancel(): void {
    this.#abort?.abort()
  }
}
