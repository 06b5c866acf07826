// Tempo-track commands: set, add, move and delete tempo changes and meter (time-signature) changes. Pure
// `(song, args) → song` like every command, so they are undoable; the first change at tick 0 can be edited but never
// moved or deleted. Meter changes sit on bar lines (as in notation programs); tempo changes may go anywhere.
import type { Song, TempoEvent, TimeSignatureEvent } from '@common/music/song'
import { meterMap, nearestBarTick } from '@common/music/time'
import type { Bpm, Ticks } from '@common/music/units'

/** Tempo range offered (MIDI itself allows ~3.6–60 000 000 BPM; beyond these no one is editing by hand). */
export const BPM_RANGE = [20, 400] as const
/** Meter denominators MIDI can store (powers of two); numerators 1..32. */
export const METER_DENOMINATORS = [1, 2, 4, 8, 16, 32] as const

function checkBpm(bpm: Bpm): void {
  if (!(bpm >= BPM_RANGE[0] && bpm <= BPM_RANGE[1]))
    throw new Error(`tempo must be ${BPM_RANGE[0]}–${BPM_RANGE[1]} BPM, got ${bpm}`)
}
function checkMeter(numerator: number, denominator: number): void {
  if (!Number.isInteger(numerator) || numerator < 1 || numerator > 32)
    throw new Error(`meter numerator must be an integer 1..32, got ${numerator}`)
  if (!(METER_DENOMINATORS as readonly number[]).includes(denominator))
    throw new Error(`meter denominator must be one of ${METER_DENOMINATORS.join(', ')}, got ${denominator}`)
}
function checkTick(tick: Ticks): void {
  if (!Number.isInteger(tick) || tick < 0) throw new Error(`tick must be an integer ≥ 0, got ${tick}`)
}

/** Tempo events with the implied 120 BPM made explicit at tick 0, so there is always a first change to edit. */
const tempos = (song: Song): TempoEvent[] =>
  song.tempos.length && song.tempos[0].tick === 0 ? [...song.tempos] : [{ tick: 0, bpm: 120 }, ...song.tempos]

const byTick = <T extends { tick: number }>(list: T[]): T[] => list.sort((a, b) => a.tick - b.tick)

/** Sets the tempo change at `tick` to `bpm`, adding one there if there is none. */
export function setTempo(song: Song, args: { tick: Ticks; bpm: Bpm }): Song {
  checkTick(args.tick)
  checkBpm(args.bpm)
  const list = tempos(song)
  const at = list.findIndex((t) => t.tick === args.tick)
  if (at >= 0 && list[at].bpm === args.bpm && song.tempos.length === list.length) return song
  const next = at >= 0 ? list.map((t, i) => (i === at ? { ...t, bpm: args.bpm } : t)) : [...list, args]
  return { ...song, tempos: byTick(next) }
}

/** Moves the tempo change at `from` to `to` (replacing one already there). The tick-0 change stays. */
export function moveTempo(song: Song, args: { from: Ticks; to: Ticks }): Song {
  checkTick(args.to)
  if (args.from === 0) throw new Error('the first tempo (at the start of the song) cannot be moved')
  const list = tempos(song)
  const moving = list.find((t) => t.tick === args.from)
  if (!moving) throw new Error(`no tempo change at tick ${args.from}`)
  // Dropped on the start: it stays where it was (the first tempo is edited, not replaced, by dragging).
  if (args.to === args.from || args.to === 0) return song
  const rest = list.filter((t) => t !== moving && t.tick !== args.to)
  return { ...song, tempos: byTick([...rest, { tick: args.to, bpm: moving.bpm }]) }
}

/** Deletes the tempo change at `tick` (not the first). */
export function deleteTempo(song: Song, args: { tick: Ticks }): Song {
  if (args.tick === 0) throw new Error('the first tempo (at the start of the song) cannot be deleted')
  if (!song.tempos.some((t) => t.tick === args.tick)) throw new Error(`no tempo change at tick ${args.tick}`)
  return { ...song, tempos: song.tempos.filter((t) => t.tick !== args.tick) }
}

const meters = (song: Song): TimeSignatureEvent[] => [...meterMap(song)]

/** The bar line nearest `tick` under the meter map without the change at `except` (where a moved change lands). */
function barLine(song: Song, tick: Ticks, except?: Ticks): Ticks {
  const others = meters(song).filter((m) => m.tick !== except)
  return nearestBarTick({ ...song, timeSignatures: others }, tick)
}

/**
 * Sets the meter from the bar line nearest `tick` on (adding a change there, or editing the one there). Returns the
 * song; a `tick` off a bar line is moved onto the nearest one.
 */
export function setMeter(song: Song, args: { tick: Ticks; numerator: number; denominator: number }): Song {
  checkTick(args.tick)
  checkMeter(args.numerator, args.denominator)
  const list = meters(song)
  const tick = list.some((m) => m.tick === args.tick) ? args.tick : barLine(song, args.tick)
  const at = list.findIndex((m) => m.tick === tick)
  const meter = { tick, numerator: args.numerator, denominator: args.denominator }
  if (at >= 0) {
    const m = list[at]
    if (m.numerator === meter.numerator && m.denominator === meter.denominator) return song
    list[at] = meter
  } else list.push(meter)
  return { ...song, timeSignatures: byTick(list) }
}

/** Moves the meter change at `from` to the bar line nearest `to`. The tick-0 meter stays. */
export function moveMeter(song: Song, args: { from: Ticks; to: Ticks }): Song {
  if (args.from === 0) throw new Error('the first meter (at the start of the song) cannot be moved')
  const list = meters(song)
  const moving = list.find((m) => m.tick === args.from)
  if (!moving) throw new Error(`no meter change at tick ${args.from}`)
  const to = barLine(song, Math.max(0, args.to), args.from)
  if (to === args.from || to === 0) return song
  const rest = list.filter((m) => m !== moving && m.tick !== to)
  return { ...song, timeSignatures: byTick([...rest, { ...moving, tick: to }]) }
}

/** Deletes the meter change at `tick` (not the first). */
export function deleteMeter(song: Song, args: { tick: Ticks }): Song {
  if (args.tick === 0) throw new Error('the first meter (at the start of the song) cannot be deleted')
  if (!song.timeSignatures.some((m) => m.tick === args.tick))
    throw new Error(`no meter change at tick ${args.tick}`)
  return { ...song, timeSignatures: song.timeSignatures.filter((m) => m.tick !== args.tick) }
}
