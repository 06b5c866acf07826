import { describe, expect, it } from 'vitest'
import { encodeSmf } from '../midi/smfWrite'
import { noteOnsFromMidi, type NoteOn } from './noteOns'
import { paperMetrics } from './paperMetrics'

const on = (tick: number, pitch: number, vel: number) => ({ tick, bytes: [0x90, pitch, vel] })

describe('noteOnsFromMidi (spec §5.1)', () => {
  it('lists note-ons with velocity > 0 in track order with per-track absolute ticks', () => {
    const bytes = encodeSmf(1, 96, [
      { events: [on(0, 60, 10), on(50, 62, 0), on(96, 64, 20)] },
      { events: [on(10, 40, 30), { tick: 20, bytes: [0x80, 40, 0] }, on(20, 41, 40)] },
    ])
    expect(noteOnsFromMidi(bytes)).toEqual([
      { tick: 0, pitch: 60, velocity: 10, track: 0 },
      { tick: 96, pitch: 64, velocity: 20, track: 0 },
      { tick: 10, pitch: 40, velocity: 30, track: 1 },
      { tick: 20, pitch: 41, velocity: 40, track: 1 },
    ])
  })
})

describe('paperMetrics', () => {
  it('computes every field from one sequence', () => {
    const pitches = [67, 69, 71, 72, 74, 76, 78, 67, 69, 71]
    const ticks = [0, 0, 10, 20, 20, 20, 30, 40, 50, 60]
    const noteOns: NoteOn[] = pitches.map((pitch, i) => ({
      tick: ticks[i],
      pitch,
      velocity: 30 + i * 5,
      track: 0,
    }))
    const m = paperMetrics(noteOns)
    expect(m).toEqual({
      events: 10,
      polyphony: 2 / 7,
      polyphonyCodeExact: (10 - 7 + 2) / (10 + 7 - 1), // N = 10, m = 7 groups, P′ = 2 chords before the last group
      scaleConsistency: 1,
      scaleConsistencyCodeExact: 0.9, // best is C major: all but the F# (78)
      scale: 'G major',
      repetitions3: 1, // [67, 69, 71] at 0 and 7: the last window, which the code's bounds never reach
      repetitions3CodeExact: 0,
      toneSpan: 11,
      uniqueTones: 7,
      intensitySpan: 45,
    })
  })

  it('is all zeros with an empty scale for no note-ons', () => {
    expect(paperMetrics([])).toEqual({
      events: 0,
      polyphony: 0,
      polyphonyCodeExact: 0,
      scaleConsistency: 0,
      scaleConsistencyCodeExact: 0,
      scale: '',
      repetitions3: 0,
      repetitions3CodeExact: 0,
      toneSpan: 0,
      uniqueTones: 0,
      intensitySpan: 0,
    })
  })
})
