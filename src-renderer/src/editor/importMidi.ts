// Import MIDI into the editor: replace the song (after asking, one undo step) or add the file's tracks (one undo
// step). A file that cannot be read changes nothing and becomes a notice naming it and the reason.
import type { TrackId } from '@common/music/units'
import { openMidi } from '../export/index'
import type { StudioClient } from '../lib/ipc'
import type { EditorState } from './EditorState.svelte'
import { addTracksFrom } from './model/commandsTracks'

/** How *Import MIDI* treats the current song. */
export type ImportMode = 'replace' | 'tracks'

/** Hooks of {@link importMidi} and {@link runMenuCommand}. */
export interface ImportOptions {
  /**
   * Asked before the song is replaced; false keeps it. The Compose screen passes the project's unsaved-changes
   * question (the one New and Open ask). Default: ask when the song has undoable edits.
   */
  readonly mayReplace?: () => boolean
}

const askReplace = (s: EditorState) => (): boolean =>
  !s.canUndo || confirm(`Replace “${s.song.name}” with the imported file? (Undo brings it back.)`)

/**
 * Opens a MIDI file through the shell (over `client`). 'replace' swaps the whole song for it (after asking, one undo step);
 * 'tracks' adds its tracks to the song (one undo step; the first becomes the active track). A file that cannot be
 * read becomes a notice naming it and the reason; nothing changes.
 */
export async function importMidi(
  client: StudioClient,
  s: EditorState,
  mode: ImportMode,
  opts: ImportOptions = {},
): Promise<boolean> {
  if (mode === 'replace' && !(opts.mayReplace ?? askReplace(s))()) return false
  let song
  try {
    song = await openMidi(client)
  } catch (err) {
    s.notify('error', err instanceof Error ? err.message : String(err))
    return false
  }
  if (!song) return false
  if (mode === 'replace') return s.replaceSong(song)
  const imported = song
  let first: TrackId | undefined
  const done = s.apply((cur) => {
    const r = addTracksFrom(cur, imported)
    first = r.trackIds[0]
    const ids = r.song.tracks
      .filter((t) => r.trackIds.includes(t.id))
      .flatMap((t) => t.notes.map((n) => n.id))
    return { song: r.song, select: ids }
  })
  if (done && first) s.activeTrackId = first
  return done
}
