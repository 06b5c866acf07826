// Pure project-document rules: the Project saved for a song, the window title, and when an autosave is due.
import type { Song } from '@common/music/song'
import { projectFromSong, type Project } from '@common/project/project'

/** The document saved for `song`: clips (with provenance) come from the song's text meta events. */
export function projectOf(song: Song): Project {
  return projectFromSong(song)
}

/** "name.crnnproj •" style title: file name (or song name for a never-saved project), • when unsaved. */
export function projectTitle(path: string | null, song: Song, dirty: boolean): string {
  const name = path ? (path.split(/[\\/]/).pop() ?? path) : song.name || 'untitled'
  return `${name}${dirty ? ' •' : ''}`
}

/** What the autosave timer decides on each tick. */
export type AutosaveAction = 'write' | 'discard' | 'none'

/**
 * 'write' when the song changed since the last autosave and differs from the saved one; 'discard' when an
 * autosave exists but the song is back to its saved state (undo to clean); otherwise 'none'.
 */
export function autosaveAction(song: Song, saved: Song, lastAutosaved: Song | null): AutosaveAction {
  if (song === saved) return lastAutosaved !== null ? 'discard' : 'none'
  return song === lastAutosaved ? 'none' : 'write'
}
