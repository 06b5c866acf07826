// Candidate sorting (a ranked batch stays best first under 'newest') and provenance records/labels.
import { describe, expect, it } from 'vitest'
import type { Song } from '@common/music/song'
import { oneTrackSong, type NoteRow } from '@common/midi/testSongs'
import type { TrackId } from '@common/music/units'
import { clipToText, clipsInSong } from '@common/project/project'
import {
  isMemorised,
  provenanceLabel,
  provenanceOf,
  rollSeed,
  sortCandidates,
  type Candidate,
} from './candidates'

const song = (ppq: number, rows: NoteRow[]): Song => oneTrackSong(ppq, rows)

let order = 0
const cand = (over: Partial<Candidate>): Candidate => ({
  id: `b:${order}`,
  batch: 1,
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
    const a = cand({ batch: 1, score: 0.2, memorisation: { longestRun: 30, piece: 'x' } })
    const b = cand({ batch: 2, score: 0.9, memorisation: { longestRun: 2, piece: null } })
    const c = cand({ batch: 3 })
    const list = [a, b, c]
    expect(sortCandidates(list, 'score').map((x) => x.id)).toEqual([b.id, a.id, c.id])
    expect(sortCandidates(list, 'newest').map((x) => x.id)).toEqual([c.id, b.id, a.id])
    expect(sortCandidates(list, 'originality').map((x) => x.id)).toEqual([b.id, a.id, c.id])
    expect(list).toEqual([a, b, c])
  })

  it("lists the newest batch first, each batch in its critic order (best first), under 'newest'", () => {
    // Batch 1 arrived ranked: order 0 = best. Batch 2 came later.
    const b1 = [0.9, 0.6, 0.3].map((score) => cand({ batch: 1, score }))
    const b2 = [0.8, 0.2].map((score) => cand({ batch: 2, score }))
    const shown = sortCandidates([...b1, ...b2], 'newest')
    expect(shown.map((x) => [x.batch, x.score])).toEqual([
      [2, 0.8],
      [2, 0.2],
      [1, 0.9],
      [1, 0.6],
      [1, 0.3],
    ])
  })

  it('flags memorisation from a threshold', () => {
    expect(isMemorised({ memorisation: { longestRun: 12, piece: 'p' } })).toBe(true)
    expect(isMemorised({ memorisation: { longestRun: 3, piece: 'p' } })).toBe(false)
    expect(isMemorised({})).toBe(false)
  })

  it('records provenance that survives the song text round trip', () => {
    const c = cand({
      index: 2,
      score: 0.123456,
      settings: { count: 4, length: 16, noiseScale: 1.5, checkpoint: 3, prefixLockSteps: 8, tailSeed: 99 },
    })
    const p = provenanceOf(c)
    const placed = provenanceOf(
      cand({
        settings: {
          count: 1,
          length: 40,
          noiseScale: 1,
          checkpoint: 'latest',
          bars: 4,
          key: { root: 2, scale: 'minor' },
        },
      }),
      { timing: 'seconds', quantize: { grid: 120, strength: 0.5 } },
    )
    expect(placed.settings).toMatchObject({
      bars: 4,
      key: 'D minor',
      timing: 'seconds',
      quantize: { grid: 120, strength: 0.5 },
    })
    expect(provenanceLabel(placed)).toMatch(/4 bars · in D minor · keeps seconds$/)
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
