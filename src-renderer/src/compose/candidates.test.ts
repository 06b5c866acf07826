// Candidate sorting, note extraction for insertion (PPQ rescale, primer skip) and provenance records/labels.
import { describe, expect, it } from 'vitest'
import type { Song } from '@common/music/song'
import type { NoteId, TrackId } from '@common/music/units'
import { clipToText, clipsInSong } from '@common/project/project'
import {
  candidateNotes,
  isMemorised,
  provenanceLabel,
  provenanceOf,
  rollSeed,
  sortCandidates,
  type Candidate,
} from './candidates'

const song = (ppq: number, notes: [number, number, number][]): Song => ({
  name: 's',
  ppq,
  tempos: [{ tick: 0, bpm: 120 }],
  timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
  tracks: [
    {
      id: 't' as TrackId,
      name: 't',
      channel: 0,
      program: 0,
      notes: notes.map(([pitch, startTick, durationTicks], i) => ({
        id: `n${i}` as NoteId,
        pitch,
        startTick,
        durationTicks,
        velocity: 90,
      })),
    },
  ],
})

let order = 0
const cand = (over: Partial<Candidate>): Candidate => ({
  id: `b:${order}`,
  song: song(96, []),
  runId: 'run-a',
  checkpointEpoch: 2,
  seed: 7,
  index: 0,
  settings: { count: 4, length: 16, noiseScale: 1, checkpoint: 'latest' },
  order: order++,
  ...over,
})

describe('candidate list', () => {
  it('sorts by score, newest and originality without touching the input', () => {
    const a = cand({ score: 0.2, memorisation: { longestRun: 30, piece: 'x' } })
    const b = cand({ score: 0.9, memorisation: { longestRun: 2, piece: null } })
    const c = cand({})
    const list = [a, b, c]
    expect(sortCandidates(list, 'score').map((x) => x.id)).toEqual([b.id, a.id, c.id])
    expect(sortCandidates(list, 'newest').map((x) => x.id)).toEqual([c.id, b.id, a.id])
    expect(sortCandidates(list, 'originality').map((x) => x.id)).toEqual([b.id, a.id, c.id])
    expect(list).toEqual([a, b, c])
  })

  it('flags memorisation from a threshold', () => {
    expect(isMemorised({ memorisation: { longestRun: 12, piece: 'p' } })).toBe(true)
    expect(isMemorised({ memorisation: { longestRun: 3, piece: 'p' } })).toBe(false)
    expect(isMemorised({})).toBe(false)
  })

  it('rescales notes to the target PPQ, sorted, starting at 0', () => {
    const s = song(96, [
      [64, 144, 48],
      [60, 96, 1],
    ])
    expect(candidateNotes(s, 480)).toEqual([
      { pitch: 60, startTick: 0, durationTicks: 5, velocity: 90 },
      { pitch: 64, startTick: 240, durationTicks: 240, velocity: 90 },
    ])
    expect(() => candidateNotes(s, 0)).toThrow(/0/)
  })

  it('scales velocities at insert by the velocity setting, clamped to 1..127', () => {
    const s = song(96, [[60, 0, 48]]) // velocity 90
    expect(candidateNotes(s, 480, 0, 1.2)[0].velocity).toBe(108)
    expect(candidateNotes(s, 480, 0, 3)[0].velocity).toBe(127)
    expect(candidateNotes(s, 480, 0, 0.001)[0].velocity).toBe(1)
    expect(() => candidateNotes(s, 480, 0, 0)).toThrow(/velocity scale/)
  })

  it('skips primer notes and keeps the continuation at its generated time', () => {
    const s = song(100, [
      [60, 0, 50],
      [62, 50, 50],
      [64, 100, 50],
    ])
    expect(candidateNotes(s, 100, 2)).toEqual([
      { pitch: 64, startTick: 100, durationTicks: 50, velocity: 90 },
    ])
  })

  it('records provenance that survives the song text round trip', () => {
    const c = cand({
      index: 2,
      score: 0.123456,
      settings: { count: 4, length: 16, noiseScale: 1.5, checkpoint: 3, prefixLockSteps: 8, tailSeed: 99 },
    })
    const p = provenanceOf(c)
    expect(p).toEqual({
      run: 'run-a',
      checkpoint: 'epoch 3',
      seed: 7,
      settings: {
        index: 2,
        count: 4,
        length: 16,
        noiseScale: 1.5,
        checkpointEpoch: 2,
        prefixLockSteps: 8,
        tailSeed: 99,
        criticScore: 0.1235,
      },
    })
    const text = clipToText({ id: 'clip1', trackId: 't' as TrackId, noteIds: [], atTick: 0, provenance: p })
    expect(clipsInSong({ ...song(96, []), texts: [text] })[0].provenance).toEqual(p)
    expect(provenanceLabel(p)).toBe('run-a · epoch 3 (epoch 2) · seed 7 #3 · reroll after 8 (tail 99)')
  })

  it('rolls seeds in range', () => {
    expect(rollSeed(() => 0)).toBe(0)
    expect(rollSeed(() => 0.999999999999)).toBeLessThan(2 ** 31)
  })
})
