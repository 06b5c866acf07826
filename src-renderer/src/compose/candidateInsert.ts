// Where a Compose candidate goes in the song under the insert options, the same way for Play (the audition song)
// and Insert (one undoable step through the editor's insertGenerated command, with the candidate's provenance).
import type { Song } from '@common/music/song'
import type { EditorState } from '../editor/index'
import { insertGenerated } from '../editor/index'
import { provenanceOf } from './candidates'
import type { ComposeCandidate } from './ComposeSession.svelte'
import type { InsertOptions } from './InsertOptions.svelte'
import { auditionSong, placeCandidate, type Placement } from './placement'

/** Where `c` lands in the editor's song with `options` (what Play plays, what Insert adds). */
export function candidatePlacement(
  c: ComposeCandidate,
  editor: EditorState,
  options: InsertOptions,
): Placement {
  const placed = {
    song: c.song,
    primerNotes: c.primer ? c.settings.primerNotes : 0,
    primerAtTick: c.primerAtTick,
    key: c.settings.key,
    bars: c.settings.bars,
  }
  return placeCandidate(placed, editor.song, options.placement(editor))
}

/**
 * The song Play auditions for `c`: its placement under the song's tempo map from the insert point, on the
 * instrument of the track it goes into (the active track's, or a new track's grand piano).
 */
export function candidateAudition(c: ComposeCandidate, editor: EditorState, options: InsertOptions): Song {
  const into = options.target === 'active' ? editor.activeTrack : undefined
  return auditionSong(editor.song, candidatePlacement(c, editor, options), `#${c.index + 1}`, into)
}

/**
 * Inserts `c`, placed at `p`, as one undoable step into a new "Generated n" track (which becomes the active track)
 * or the active track, recording its provenance and placement. False when the editor refused the step.
 */
export function insertPlaced(
  c: ComposeCandidate,
  p: Placement,
  editor: EditorState,
  options: InsertOptions,
): boolean {
  const { quantize, velocityScale } = options.placement(editor)
  const provenance = provenanceOf(c, { timing: p.timing, quantize, velocityScale })
  const trackId = options.target === 'active' ? editor.activeTrack?.id : undefined
  let target = trackId
  const done = editor.apply((s) => {
    const r = insertGenerated(s, { trackId, atTick: p.atTick, notes: p.notes, provenance })
    target = r.clip.trackId
    return { song: r.song, select: r.clip.noteIds }
  })
  // The composer edits what they just inserted: its track becomes the active one (no ghost notes).
  if (done && target) editor.activeTrackId = target
  return done
}
