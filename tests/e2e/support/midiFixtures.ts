// MIDI files written by the tests themselves (no corpus needed): songs from compact rows, and small scale runs.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeSong } from '../../../src-main/common/midi/writeSong'
import type { Song } from '../../../src-main/common/music/song'
import type { NoteId, TrackId } from '../../../src-main/common/music/units'

/** A song of one track per row list: [pitch, startTick, durationTicks, velocity?], ppq 480. */
export function songOf(
  name: string,
  tracks: readonly (readonly (readonly number[])[])[],
  opts: { bpm?: number; numerator?: number; denominator?: number } = {},
): Song {
  return {
    name,
    ppq: 480,
    tempos: [{ tick: 0, bpm: opts.bpm ?? 120 }],
    timeSignatures: [{ tick: 0, numerator: opts.numerator ?? 4, denominator: opts.denominator ?? 4 }],
    tracks: tracks.map((rows, ti) => ({
      id: `t${ti}` as TrackId,
      name: `part ${ti + 1}`,
      channel: ti,
      program: 0,
      notes: rows.map(([pitch, startTick, durationTicks, velocity], i) => ({
        id: `n${ti}-${i}` as NoteId,
        pitch,
        startTick,
        durationTicks,
        velocity: velocity ?? 90,
      })),
    })),
  }
}

/** A scale run of `n` eighth notes from `root` (a small, learnable training file). */
export function scaleRun(name: string, root: number, n: number): Song {
  const steps = [0, 2, 4, 5, 7, 9, 11, 12]
  return songOf(name, [
    Array.from({ length: n }, (_, i) => [root + steps[i % steps.length], i * 240, 220, 64 + (i % 4) * 10]),
  ])
}

/** Writes `song` as `<dir>/<file>`; returns the path. */
export function writeMidi(dir: string, file: string, song: Song): string {
  const path = join(dir, file)
  writeFileSync(path, writeSong(song))
  return path
}
