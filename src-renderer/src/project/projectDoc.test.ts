// Project rules: saved document carries clip provenance, titles, and the autosave decision table.
import { describe, expect, it } from 'vitest'
import { baseSong } from '@common/midi/testSongs'
import type { Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { clipToText } from '@common/project/project'
import { autosaveAction, projectOf, projectTitle } from './projectDoc'

const song = (name: string, texts?: string[]): Song => baseSong({ name, texts })

describe('project document', () => {
  it('takes clips from the song texts', () => {
    const clip = {
      id: 'clip1',
      trackId: 't' as TrackId,
      noteIds: [],
      atTick: 0,
      provenance: { run: 'r', checkpoint: 'latest', seed: 7, settings: { index: 1 } },
    }
    const p = projectOf(song('a', [clipToText(clip), 'other text']))
    expect(p.clips).toEqual([clip])
    expect(p.song.texts).toHaveLength(2)
  })

  it('titles by file name, song name, and unsaved mark', () => {
    expect(projectTitle('/x/y/tune.crnnproj', song('a'), false)).toBe('tune.crnnproj')
    expect(projectTitle(null, song('sketch'), true)).toBe('sketch •')
    expect(projectTitle('C:\\m\\b.crnnproj', song(''), true)).toBe('b.crnnproj •')
  })

  it('decides when to autosave', () => {
    const saved = song('a')
    const edited = song('b')
    expect(autosaveAction(saved, saved, null)).toBe('none')
    expect(autosaveAction(edited, saved, null)).toBe('write')
    expect(autosaveAction(edited, saved, edited)).toBe('none')
    expect(autosaveAction(saved, saved, edited)).toBe('discard')
  })
})
