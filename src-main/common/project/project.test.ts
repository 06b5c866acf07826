// Project save/parse: round trip, version gate, field-level errors, and clip provenance carried in song texts.
import { describe, expect, it } from 'vitest'
import { baseSong, notesFrom, trackOf } from '../midi/testSongs'
import type { Song } from '../music/song'
import type { NoteId, TrackId } from '../music/units'
import {
  clipsInSong,
  clipToText,
  type GeneratedClip,
  parseProject,
  PROJECT_VERSION,
  projectFromSong,
  serializeProject,
} from './project'

const clip: GeneratedClip = {
  id: 'clip1',
  trackId: 't1' as TrackId,
  noteIds: ['e1' as NoteId],
  atTick: 0,
  provenance: { run: 'run-3', checkpoint: 'epoch-40', seed: 1234, settings: { temperature: 0.9, steps: 64 } },
}
const song: Song = baseSong({
  name: 'p',
  tempos: [{ tick: 0, bpm: 100 }],
  tracks: [trackOf('t1', notesFrom([[60, 0, 480, 90]], { prefix: 'e', from: 1 }), { name: 'G' })],
  texts: ['hello', clipToText(clip), 'crnngan-clip:{broken'],
})

describe('project', () => {
  it('serialises and parses back to an equal project', () => {
    const p = projectFromSong(song)
    expect(p.clips).toEqual([clip])
    const back = parseProject(serializeProject(p))
    expect(back).toEqual({ version: PROJECT_VERSION, song, clips: [clip] })
  })
  it('rejects other versions, non-JSON and invalid fields with the source and field named', () => {
    const text = serializeProject(projectFromSong(song))
    expect(() => parseProject(text.replace('"version": 1', '"version": 99'), 'a.crnnproj')).toThrow(
      /a\.crnnproj: unsupported project version 99/,
    )
    expect(() => parseProject('{', 'b')).toThrow(/b: not JSON/)
    const bad = JSON.parse(text)
    bad.song.tracks[0].notes[0].velocity = 0
    expect(() => parseProject(JSON.stringify(bad), 'c')).toThrow(
      /c: invalid field 'song\.tracks\.0\.notes\.0\.velocity'/,
    )
  })
  it('reads only well-formed clip texts from a song', () => {
    expect(clipsInSong(song)).toEqual([clip])
    expect(clipsInSong({ ...song, texts: undefined })).toEqual([])
  })
})
