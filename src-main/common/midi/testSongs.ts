// Test-only Song builders shared by every test that needs a small Song built in code (no corpus files): unit tests
// of both sides, browser tests and the end-to-end fixtures. Start from `baseSong`, fill it with `trackOf` +
// `notesFrom` (ids you choose) or `track` (readSong's ids and order), or take one track per row list (`songOf`).
import type { Note, Song, Track } from '../music/song'
import type { NoteId, TrackId } from '../music/units'

/** The fixtures' timebase (Signal's 480; at 120 BPM one second is 960 ticks). */
export const TEST_PPQ = 480

/** The song every fixture starts from: 'song', 480 ppq, 120 BPM, 4/4, no tracks; `patch` replaces any field. */
export function baseSong(patch: Partial<Song> = {}): Song {
  return {
    name: 'song',
    ppq: TEST_PPQ,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: [],
    ...patch,
  }
}

/** Options of {@link notesFrom}: note ids are `${prefix}${from + i}`; rows without a velocity get `velocity`. */
export interface NoteRowOptions {
  readonly prefix?: string
  readonly from?: number
  readonly velocity?: number
}

/** Notes from [pitch, startTick, durationTicks, velocity?] rows, in row order (not sorted). */
export function notesFrom(
  rows: readonly (readonly number[])[],
  { prefix = 'n', from = 0, velocity = 90 }: NoteRowOptions = {},
): Note[] {
  return rows.map(([pitch, startTick, durationTicks, v], i) => ({
    id: `${prefix}${from + i}` as NoteId,
    pitch,
    startTick,
    durationTicks,
    velocity: v ?? velocity,
  }))
}

/** Track `id`: 'T' on channel 0 with program 0, holding `notes`; `extra` replaces any field. */
export function trackOf(id: string, notes: readonly Note[] = [], extra: Partial<Track> = {}): Track {
  return { id: id as TrackId, name: 'T', channel: 0, program: 0, notes: [...notes], ...extra }
}

/**
 * A song of one track per row list ([pitch, startTick, durationTicks, velocity?] rows): track i is `t{i}`
 * ('part {i+1}', channel i, program 0) with notes `n{i}-{j}` in row order at `opts.velocity` (90) where a row
 * has none, at `opts.bpm` (120) in `numerator`/`denominator` (4/4).
 */
export function songOf(
  name: string,
  tracks: readonly (readonly (readonly number[])[])[],
  opts: { bpm?: number; numerator?: number; denominator?: number; velocity?: number } = {},
): Song {
  return baseSong({
    name,
    tempos: [{ tick: 0, bpm: opts.bpm ?? 120 }],
    timeSignatures: [{ tick: 0, numerator: opts.numerator ?? 4, denominator: opts.denominator ?? 4 }],
    tracks: tracks.map((rows, i) =>
      trackOf(`t${i}`, notesFrom(rows, { prefix: `n${i}-`, velocity: opts.velocity }), {
        name: `part ${i + 1}`,
        channel: i,
      }),
    ),
  })
}

/** The major scale's degrees over one octave, which scale fixtures climb (and repeat an octave as the 8th). */
const MAJOR_STEPS = [0, 2, 4, 5, 7, 9, 11, 12]

/**
 * Rows of `n` notes climbing the major scale from `root` (restarting after the octave): one every `every` ticks
 * (an eighth), `length` ticks long, velocity `velocity(i)` (cycling 64, 74, 84, 94). A small, learnable phrase.
 */
export function scaleRows(
  root: number,
  n: number,
  {
    every = 240,
    length = 220,
    velocity = (i: number) => 64 + (i % 4) * 10,
  }: { every?: number; length?: number; velocity?: (i: number) => number } = {},
): number[][] {
  return Array.from({ length: n }, (_, i) => [
    root + MAJOR_STEPS[i % MAJOR_STEPS.length],
    i * every,
    length,
    velocity(i),
  ])
}

/** [pitch, startTick, durationTicks, velocity] */
export type NoteSpec = readonly [number, number, number, number]

/** A Track with deterministic ids in readSong's `t{track}n{index}` form, notes sorted as readSong sorts them. */
export function track(index: number, notes: readonly NoteSpec[], extra: Partial<Track> = {}): Track {
  const sorted = notes.slice().sort((a, b) => a[1] - b[1] || a[0] - b[0])
  const out: Note[] = sorted.map(([pitch, startTick, durationTicks, velocity], i) => ({
    id: `t${index}n${i}` as NoteId,
    pitch,
    startTick,
    durationTicks,
    velocity,
  }))
  return {
    id: `t${index}` as TrackId,
    name: `part ${index}`,
    channel: index,
    program: 0,
    notes: out,
    ...extra,
  }
}

/** A two-track song with several tempos, time signatures and texts. */
export function richSong(): Song {
  return {
    name: 'Fixture Étude',
    ppq: TEST_PPQ,
    tempos: [
      { tick: 0, bpm: 100 },
      { tick: 1920, bpm: 60 },
      { tick: 3840, bpm: 144 },
    ],
    timeSignatures: [
      { tick: 0, numerator: 3, denominator: 4 },
      { tick: 2880, numerator: 6, denominator: 8 },
    ],
    tracks: [
      track(
        0,
        [
          [60, 0, 480, 90],
          [64, 0, 480, 70],
          [67, 480, 240, 127],
          [67, 720, 240, 1], // same pitch re-struck right at the previous note's end
          [72, 960, 2000, 64],
        ],
        { name: 'Piano RH', channel: 0, program: 0 },
      ),
      track(
        1,
        [
          [36, 0, 1920, 80],
          [43, 1920, 960, 81],
          [38, 4000, 100, 82],
        ],
        { name: 'Cello', channel: 3, program: 42 },
      ),
    ],
    texts: ['generated by test', 'seed=7'],
  }
}

/** [pitch, startTick, durationTicks] */
export type NoteRow = readonly [number, number, number]

/**
 * A one-track 4/4 song at 120 BPM from [pitch, startTick, durationTicks] rows, in row order: track 't1' ('Piano',
 * channel 0, program 0), notes 'n0', 'n1', … at `velocity`. `patch` replaces song fields (name, tempos, meters…).
 */
export function oneTrackSong(
  ppq: number,
  rows: readonly NoteRow[],
  patch: Partial<Song> = {},
  velocity = 80,
): Song {
  return baseSong({
    name: 's',
    ppq,
    tracks: [trackOf('t1', notesFrom(rows, { velocity }), { name: 'Piano' })],
    ...patch,
  })
}
