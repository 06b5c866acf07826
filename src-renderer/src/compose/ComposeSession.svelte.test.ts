// Inserting candidates through the editor's commands with a real EditorState: placed after the last bar (or at the
// primer), PPQ rescaled, provenance recorded as a clip text, one undo step; into a new track that becomes active
// or into the active track; Play's audition scheduled exactly as the inserted notes; the model chosen at start-up.
import { describe, expect, it } from 'vitest'
import type { Song } from '@common/music/song'
import { oneTrackSong, type NoteRow } from '@common/midi/testSongs'
import type { RunSummary } from '@common/ipc/training'
import { ticksToSeconds } from '@common/music/time'
import { clipsInSong } from '@common/project/project'
import { EditorState } from '../editor/index'
import { createClient } from '../lib/ipc'
import { Notices } from '../lib/notices.svelte'
import { schedule } from '../playback/index'
import { ComposeSession, type ComposeCandidate } from './ComposeSession.svelte'
import { initialModel } from './modelChoice'
import { appendTick } from './placement'

const song = (ppq: number, rows: NoteRow[]): Song => oneTrackSong(ppq, rows, { name: 'doc' })
/** A client with no studio behind it: these tests send nothing (any request would fail as 'unavailable'). */
const nowhere = createClient(() => undefined)

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
    const session = new ComposeSession(nowhere, new Notices())
    const before = editor.song
    expect(appendTick(before)).toBe(1920)
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
    // The new track is the one being edited: its notes are not ghosts, and drawing goes there.
    expect(editor.activeTrackId).toBe(gen.id)
    editor.undo()
    expect(editor.song).toBe(before)
    expect(editor.activeTrackId).toBe('t1')
  })

  it('inserts into the active track when asked, without a new track', () => {
    const editor = new EditorState({ song: song(480, [[60, 0, 600]]) })
    const session = new ComposeSession(nowhere, new Notices())
    session.insertOptions.target = 'active'
    expect(session.insert(candidate(), editor)).toBe(true)
    expect(editor.song.tracks.map((t) => [t.id, t.notes.length])).toEqual([['t1', 3]])
    expect(clipsInSong(editor.song)[0].trackId).toBe('t1')
  })

  for (const timing of ['beats', 'seconds'] as const) {
    it(`schedules Play exactly as the inserted notes play through the song's tempo map (keep ${timing})`, () => {
      const editor = new EditorState({
        song: {
          ...song(480, [[60, 0, 600]]),
          tempos: [
            { tick: 0, bpm: 120 },
            { tick: 2400, bpm: 70 },
          ],
          timeSignatures: [{ tick: 0, numerator: 3, denominator: 4 }],
        },
      })
      const session = new ComposeSession(nowhere, new Notices())
      session.insertOptions.timing = timing
      session.insertOptions.quantize = true
      session.insertOptions.strength = 0.5
      const c = candidate({
        song: {
          ...song(96, [
            [67, 48, 48],
            [64, 96, 96],
            [62, 250, 30],
            [60, 400, 200],
          ]),
          tempos: [{ tick: 0, bpm: 45 }],
        },
      })
      const heard = schedule(session.auditionFor(c, editor)).map((e) => [
        e.pitch,
        e.timeSeconds,
        e.durationSeconds,
      ])
      expect(session.insert(c, editor)).toBe(true)
      const [clip] = clipsInSong(editor.song)
      expect(clip.atTick).toBe(1440) // bar 2 of 3/4
      const ids = new Set(clip.noteIds)
      const notes = editor.song.tracks.flatMap((t) => t.notes.filter((n) => ids.has(n.id)))
      const t0 = ticksToSeconds(editor.song, clip.atTick)
      const inserted = schedule({ ...editor.song, tracks: [{ ...editor.song.tracks[1], notes }] }).map(
        (e) => [e.pitch, e.timeSeconds - t0, e.durationSeconds],
      )
      expect(heard).toHaveLength(4)
      expect(inserted).toHaveLength(heard.length)
      heard.forEach(([p, t, d], i) => {
        expect(p).toBe(inserted[i][0])
        expect(t).toBeCloseTo(inserted[i][1], 9)
        expect(d).toBeCloseTo(inserted[i][2], 9)
      })
      // The phrase crosses the tempo change at 2400, so the two modes really differ.
      expect(clip.provenance.settings).toMatchObject({ timing, quantize: { strength: 0.5 } })
    })
  }

  it('places a continuation right after its primer, without the primer notes', () => {
    const editor = new EditorState({ song: song(96, [[60, 192, 96]]) })
    const session = new ComposeSession(nowhere, new Notices())
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
    const session = new ComposeSession(nowhere, notices)
    const before = editor.song
    expect(session.insert(candidate({ song: song(96, []) }), editor)).toBe(false)
    expect(editor.song).toBe(before)
    expect(notices.items.at(-1)?.text).toMatch(/#3 has no notes/)
  })
})

describe('the model Compose selects at start-up', () => {
  const run = (runId: string, epochs: number[]): RunSummary => ({
    runId,
    datasetId: '',
    state: 'finished',
    epochsDone: epochs.at(-1) ?? 0,
    epochs: 9,
    checkpoint: null,
    preset: 'tiny',
    seed: 1,
    paused: false,
    checkpoints: epochs.map((epoch) => ({
      epoch,
      step: 0,
      reason: 'periodic',
      isBest: false,
      validationLoss: NaN,
    })),
  })
  const runs = [run('starter', [96]), run('run-old', [4, 5]), run('run-toy', [3])]

  it('is the one last used, with its checkpoint while that is on disk', () => {
    expect(initialModel(runs, { runId: 'run-old', checkpoint: 4 })).toEqual({
      runId: 'run-old',
      checkpoint: 4,
    })
    expect(initialModel(runs, { runId: 'run-old', checkpoint: 2 })).toEqual({
      runId: 'run-old',
      checkpoint: 'latest',
    })
    expect(initialModel(runs, { runId: 'starter', checkpoint: 'best' })).toEqual({
      runId: 'starter',
      checkpoint: 'best',
    })
  })

  it('falls back to the starter, then to the newest run, never to a run without checkpoints', () => {
    expect(initialModel(runs, null)).toEqual({ runId: 'starter', checkpoint: 'latest' })
    expect(initialModel(runs, { runId: 'gone', checkpoint: 1 })).toEqual({
      runId: 'starter',
      checkpoint: 'latest',
    })
    expect(initialModel(runs.slice(1), null)).toEqual({ runId: 'run-toy', checkpoint: 'latest' })
    expect(initialModel([run('empty', [])], null)).toBeNull()
  })

  it('prefers the default shipped model to the paper model, and takes the paper model when it is the only one', () => {
    const paper = run('starter-paper', [96])
    expect(initialModel([paper, ...runs], null)?.runId).toBe('starter')
    expect(initialModel([paper, ...runs.slice(1)], null)?.runId).toBe('starter-paper')
  })
})

describe('ComposeSession.generate checks the form by the request schema', () => {
  it('a value main would refuse is named by its field and nothing is sent', async () => {
    const notices = new Notices()
    const session = new ComposeSession(nowhere, notices)
    session.runId = 'run-x'
    session.count = 33
    session.noiseScale = 0
    expect(session.problems).toEqual({
      count: 'Count must be a whole number of phrases from 1 to 32.',
      noiseScale: 'Noise must be a number above 0, at most 8.',
    })
    // Nothing behind the client: a request would fail as 'unavailable'; the form's own sentence is what is said.
    await session.generate(new EditorState({ song: song(480, [[60, 0, 480]]) }))
    expect(notices.items.map((n) => [n.kind, n.text])).toEqual([
      ['error', 'Count must be a whole number of phrases from 1 to 32.'],
    ])
    expect(session.candidates).toEqual([])
    // A length in bars is worked out into events later: the events field is not held against it meanwhile.
    session.count = 4
    session.noiseScale = 1
    session.length = 0
    expect(Object.keys(session.problems)).toEqual(['length'])
    session.lengthUnit = 'bars'
    expect(session.problems).toEqual({})
  })
})
