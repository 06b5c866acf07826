import { describe, expect, it } from 'vitest'
import { decideFreeze, FREEZE_RESET_LOSS } from './freezing'
import { phaseAt, songLengthAt } from './curriculum'
import { makeConfig } from '../config/presets'

/** Runs a sequence of (L_D, L_G) batch losses through the rule, starting from the epoch reset. */
function replay(mode: 'paper' | 'codeExact', losses: [number, number][]): string[] {
  let [d, g] = [FREEZE_RESET_LOSS, FREEZE_RESET_LOSS]
  return losses.map(([nd, ng]) => {
    const f = decideFreeze(mode, d, g)
    ;[d, g] = [nd, ng]
    return f.endEpoch ? 'end' : `${f.freezeD ? 'D-' : 'D+'}${f.freezeG ? 'G-' : 'G+'}`
  })
}

describe('freezing (spec §4.4)', () => {
  it('paper: skip D when L_D < 0.7·L_G, skip G when L_G < 0.7·L_D, from the previous batch', () => {
    expect(
      replay('paper', [
        [1, 3],
        [3, 1],
        [1, 1.2],
        [0.5, 5],
      ]),
    ).toEqual(['D+G+', 'D-G+', 'D+G-', 'D+G+'])
  })

  it('codeExact: reproduces the table, including the always-skip-G indentation bug', () => {
    const seq: [number, number][] = [
      [300, 320], // big losses (L2 on): next batch updates both
      [1.5, 3], // L_D < 2: skip G always, and D since 1.5 < 0.7·3
      [1.9, 1.0], // L_G < 2: skip G; D updates (1.9 ≥ 0.7)
      [0, 5], // L_D = 0: skip D only
      [4, 0], // L_G = 0: skip G only
      [0, 0], // both 0: the epoch ends
      [1, 1],
    ]
    expect(replay('codeExact', seq)).toEqual(['D+G+', 'D+G+', 'D-G-', 'D+G-', 'D-G+', 'D+G-', 'end'])
  })

  it('off never freezes; non-finite previous losses never freeze', () => {
    expect(decideFreeze('off', 0.1, 100)).toEqual({ freezeD: false, freezeG: false, endEpoch: false })
    expect(decideFreeze('paper', NaN, 1).freezeD).toBe(false)
  })
})

describe('curriculum (spec §4.5)', () => {
  it('grows 4·(epoch+1) into the adversarial phase, capped at maxLength', () => {
    const c = makeConfig('paper')
    expect([0, 5, 6, 23, 24, 100].map((e) => songLengthAt(c, e))).toEqual([4, 24, 28, 96, 100, 100])
    expect(phaseAt(c, 5)).toBe('pretrain')
    expect(phaseAt(c, 6)).toBe('adversarial')
    expect(songLengthAt(c, 0, 7, true)).toBe(100)
    expect(phaseAt(makeConfig('baseline'), 12)).toBe('pretrain')
  })
})
