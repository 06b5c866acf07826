import { describe, expect, it } from 'vitest'
import { Rng } from '../../common/random'
import { buildMemorisationIndex, eventTokens, longestSharedRun } from './memorisation'

/** Raw K = 1 cells from (pitch, dt) pairs. */
function cells(events: [number, number][]): Float32Array {
  const out = new Float32Array(events.length * 4)
  events.forEach(([p, dt], i) => out.set([dt, 96, 440 * 2 ** ((p - 69) / 12), 80], i * 4))
  return out
}
const randomEvents = (rng: Rng, n: number): [number, number][] =>
  Array.from({ length: n }, () => [55 + rng.int(5), [0, 96][rng.int(2)]])

/** Brute-force longest common substring of two token arrays. */
function brute(a: Int32Array, b: Int32Array): number {
  let best = 0
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let l = 0
      while (i + l < a.length && j + l < b.length && a[i + l] === b[j + l]) l++
      best = Math.max(best, l)
    }
  return best
}

describe('memorisation check', () => {
  it('tokens are transposition-invariant (interval, dt) pairs; silent cells are skipped', () => {
    const a = eventTokens(
      cells([
        [60, 0],
        [62, 96],
        [64, 96],
      ]),
      4,
    )
    const b = eventTokens(
      cells([
        [65, 0],
        [67, 96],
        [69, 96],
      ]),
      4,
    )
    expect(a).toEqual(b)
    expect(a).toHaveLength(2)
    const withRest = cells([
      [60, 0],
      [62, 96],
      [64, 96],
    ])
    withRest[4 + 2] = 0 // the second cell is silent: its dt moves to the next event
    expect(eventTokens(withRest, 4)).toHaveLength(1)
  })

  it('finds a copied passage, transposed, in the right piece', () => {
    const rng = new Rng(3)
    const pieces = ['a', 'b', 'c'].map((name) => ({ name, cells: cells(randomEvents(rng, 200)) }))
    const index = buildMemorisationIndex(pieces, 4)
    // 31 events copied from piece b (events 50..80), transposed up 2 semitones, inside random material.
    const evB = Array.from({ length: 31 }, (_, i) => {
      const c = pieces[1].cells.subarray((50 + i) * 4, (51 + i) * 4)
      return [Math.round(69 + 12 * Math.log2(c[2] / 440)) + 2, c[0]] as [number, number]
    })
    const cand = cells([...randomEvents(rng, 20), ...evB, ...randomEvents(rng, 20)])
    const r = longestSharedRun(cand, 4, index)
    expect(r.piece).toBe('b')
    expect(r.longestRun).toBeGreaterThanOrEqual(30)
  })

  it('matches a brute-force longest common run on random sequences', () => {
    const rng = new Rng(11)
    for (let trial = 0; trial < 20; trial++) {
      const piece = { name: 'p', cells: cells(randomEvents(rng, 60)) }
      const cand = cells(randomEvents(rng, 40))
      const expected = brute(eventTokens(cand, 4), eventTokens(piece.cells, 4))
      expect(longestSharedRun(cand, 4, buildMemorisationIndex([piece], 4)).longestRun).toBe(expected)
    }
  })
})
