// Inserting candidates through the editor's commands with a real EditorState: placed after the last bar (or at the
// primer), PPQ rescaled, provenance recorded as a clip text, one undo step.
import { describe, expect, it } from 'vitest'
import type { Song } from '@common/music/song'
import type { NoteId, TrackId } from '@common/music/units'
import { clipsInSong } from '@common/project/project'
import { EditorState } from '../editor/index'
import { Notices } from '../lib/notices.svelte'
import { ComposeSession, nextBar, type ComposeCandidate } from './ComposeSession.svelte'

const song = (ppq: number, notes: [number, number, number][]): Song => ({
  name: 'doc',
  ppq,
  tempos: [{ tick: 0, bpm: 120 }],
  timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
  tracks: [
    {
      id: 't1' as TrackId,
      name: 'Piano',
      channel: 0,
      program: 0,
      notes: notes.map(([pitch, startTick, durationTicks], i) => ({
        id: `n${i}` as NoteId,
        pitch,
        startTick,
        durationTicks,
        velocity: 80,
      })),
    },
  ],
})

const candidate = (over: Partial<ComposeCandidate> = {}): ComposeCandidate => ({
  id: '1:2',
  batch: 1,
  song: song(96, [
    [67, 48, 48],
    [64, 96, 96],
  ]),
  runId: 'run-x',
  checkpointEpoch: 4,
  seed: 7,
  index: 2,
  settings: { count: 4, length: 16, noiseScale: 1, checkpoint: 'latest' },
  order: 0,
  ...over,
})

describe('ComposeSession.insert', () => {
  it('appends after the last bar as one undoable step with provenance', () => {
    const editor = new EditorState({ song: song(480, [[60, 0, 600]]) })
    const session = new ComposeSession(new Notices())
    const before = editor.song
    expect(nextBar(before)).toBe(1920)
    expect(session.insert(candidate(), editor)).toBe(true)
    const gen = editor.song.tracks.find((t) => t.name.startsWith('Generated'))!
    // PPQ 96 → 480 (×5), leading silence dropped, placed at bar 2 (tick 1920).
    expect(gen.notes.map((n) => [n.pitch, n.startTick, n.durationTicks])).toEqual([
      [67, 1920, 240],
      [64, 2160, 480],
    ])
    const [clip] = clipsInSong(editor.song)
    expect(clip).toMatchObject({ atTick: 1920, trackId: gen.id, provenance: { run: 'run-x', seed: 7 } })
    expect(clip.provenance.settings).toMatchObject({ index: 2, count: 4, length: 16, checkpointEpoch: 4 })
    expect([...editor.selection].sort()).toEqual([...clip.noteIds].sort())
    editor.undo()
    expect(editor.song).toBe(before)
  })

  it('places a continuation right after its primer, without the primer notes', () => {
    const editor = new EditorState({ song: song(96, [[60, 192, 96]]) })
    const session = new ComposeSession(new Notices())
    const primed = candidate({
      song: song(96, [
        [60, 0, 96],
        [62, 96, 96],
      ]),
      settings: { count: 1, length: 8, noiseScale: 1, checkpoint: 2, primerNotes: 1 },
      primer: { ppq: 96, bpm: 120, notes: [{ pitch: 60, startTick: 0, durationTicks: 96, velocity: 80 }] },
      primerAtTick: 192,
    })
    expect(session.insert(primed, editor)).toBe(true)
    const gen = editor.song.tracks.find((t) => t.name.startsWith('Generated'))!
    expect(gen.notes.map((n) => [n.pitch, n.startTick])).toEqual([[62, 288]])
    expect(clipsInSong(editor.song)[0].provenance).toMatchObject({
      checkpoint: 'epoch 2',
      settings: { primerNotes: 1 },
    })
  })

  it('refuses a silent candidate with a notice and changes nothing', () => {
    const editor = new EditorState({ song: song(480, []) })
    const notices = new Notices()
    const session = new ComposeSession(notices)
    const before = editor.song
    expect(session.insert(candidate({ song: song(96, []) }), editor)).toBe(false)
    expect(editor.song).toBe(before)
    expect(notices.items.at(-1)?.text).toMatch(/#3 has no notes/)
  })
})
