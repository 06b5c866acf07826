// Tempo-track marker layout: which changes are shown, and markers pushed apart so none hides another.
import { describe, expect, it } from 'vitest'
import { bpmLabel, isPinned, markerLefts, visibleChanges } from './tempoMarkers'
import type { View } from './transform'

// Ticks 960 … 8960 on screen (800 px at 0.1 px/tick).
const v: View = { scrollTick: 960, topPitch: 84, pxPerTick: 0.1, keyHeight: 12, width: 800, height: 600 }

describe('tempo-track markers', () => {
  it('shows the changes in view plus the one in force at the left edge, pinned there', () => {
    const all = [0, 480, 2000, 9000, 12000].map((tick) => ({ tick }))
    expect(visibleChanges(v, all).map((e) => e.tick)).toEqual([480, 2000])
    expect(visibleChanges({ ...v, scrollTick: 0 }, all).map((e) => e.tick)).toEqual([0, 480, 2000])
    expect([isPinned(v, 480), isPinned(v, 959), isPinned(v, 2000)]).toEqual([true, false, false])
  })

  it('puts each marker at its tick, pushed right past the one before (meters first at a shared tick)', () => {
    const meters = [{ tick: 480, numerator: 4, denominator: 4 }]
    const tempos = [
      { tick: 480, bpm: 120 },
      { tick: 2000, bpm: 96.25 },
      { tick: 2100, bpm: 140 },
    ]
    const lefts = markerLefts(v, meters, tempos)
    // Pinned at 0; the tempo at the same tick sits past the meter's estimated width (12 + 7·3) + 2.
    expect(lefts['meter:480']).toBe(0)
    expect(lefts['tempo:480']).toBe(35)
    expect(lefts['tempo:2000']).toBeCloseTo(104)
    // 10 px later on the time axis but the marker before is 16 + 7·4 wide ("96.3"): pushed to 104 + 44 + 2.
    expect(lefts['tempo:2100']).toBeCloseTo(150)
    expect(bpmLabel(96.25)).toBe(96.3)
  })
})
