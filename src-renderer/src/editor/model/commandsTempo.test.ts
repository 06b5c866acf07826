// Tempo-track commands: set/add/move/delete tempo and meter changes; meters land on bar lines; the first stays.
import { describe, expect, it } from 'vitest'
import { barBeatAt, ticksToSeconds } from '@common/music/time'
import { deleteMeter, deleteTempo, moveMeter, moveTempo, setMeter, setTempo } from './commandsTempo'
import { songFromRows } from './demoSong'

const base = songFromRows([[[60, 0, 480]]]) // 4/4, 120 BPM, ppq 480

describe('tempo commands', () => {
  it('sets the one tempo, adds, moves and deletes changes along the song', () => {
    const slow = setTempo(base, { tick: 0, bpm: 60 })
    expect(slow.tempos).toEqual([{ tick: 0, bpm: 60 }])
    expect(ticksToSeconds(slow, 480)).toBe(1)
    expect(setTempo(slow, { tick: 0, bpm: 60 })).toBe(slow)
    const two = setTempo(slow, { tick: 1920, bpm: 120 })
    expect(two.tempos).toEqual([
      { tick: 0, bpm: 60 },
      { tick: 1920, bpm: 120 },
    ])
    const moved = moveTempo(two, { from: 1920, to: 960 })
    expect(moved.tempos.map((t) => t.tick)).toEqual([0, 960])
    expect(ticksToSeconds(moved, 1440)).toBe(2 + 0.5)
    expect(moveTempo(two, { from: 1920, to: 0 })).toBe(two)
    expect(deleteTempo(moved, { tick: 960 }).tempos).toEqual([{ tick: 0, bpm: 60 }])
  })

  it('refuses what would leave the song without a start tempo, or a senseless value', () => {
    expect(() => deleteTempo(base, { tick: 0 })).toThrow(/first tempo/)
    expect(() => moveTempo(base, { from: 0, to: 480 })).toThrow(/first tempo/)
    expect(() => setTempo(base, { tick: 0, bpm: 5 })).toThrow(/20–400 BPM, got 5/)
    expect(() => deleteTempo(base, { tick: 7 })).toThrow(/no tempo change at tick 7/)
  })
})

describe('meter commands', () => {
  it('sets the meter, adds a change on the nearest bar line, moves it by bars and deletes it', () => {
    const waltz = setMeter(base, { tick: 0, numerator: 3, denominator: 4 })
    expect(waltz.timeSignatures).toEqual([{ tick: 0, numerator: 3, denominator: 4 }])
    expect(barBeatAt(waltz, 1440)).toEqual({ bar: 2, beat: 1, tick: 0 })
    // 1500 is nearest the bar line at 1440 (3/4 bars of 1440 ticks).
    const mixed = setMeter(waltz, { tick: 1500, numerator: 6, denominator: 8 })
    expect(mixed.timeSignatures.map((m) => [m.tick, m.numerator, m.denominator])).toEqual([
      [0, 3, 4],
      [1440, 6, 8],
    ])
    const later = moveMeter(mixed, { from: 1440, to: 4000 })
    expect(later.timeSignatures.map((m) => m.tick)).toEqual([0, 4320])
    expect(moveMeter(mixed, { from: 1440, to: 300 })).toBe(mixed)
    expect(deleteMeter(later, { tick: 4320 }).timeSignatures).toHaveLength(1)
  })

  it('refuses bad meters and keeps the first', () => {
    expect(() => setMeter(base, { tick: 0, numerator: 3, denominator: 5 })).toThrow(
      /denominator must be one of/,
    )
    expect(() => setMeter(base, { tick: 0, numerator: 0, denominator: 4 })).toThrow(/numerator/)
    expect(() => deleteMeter(base, { tick: 0 })).toThrow(/first meter/)
  })
})
