// MIDI files written by the tests themselves (no corpus needed): songs from compact rows (the shared builders of
// common/midi/testSongs.ts), and small scale runs.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { baseSong, notesFrom, scaleRows, songOf, trackOf } from '../../../src-main/common/midi/testSongs'
import { writeSong } from '../../../src-main/common/midi/writeSong'
import type { Song } from '../../../src-main/common/music/song'

export { songOf }

/** A scale run of `n` eighth notes from `root` (a small, learnable training file). */
export function scaleRun(name: string, root: number, n: number): Song {
  return songOf(name, [scaleRows(root, n)])
}

/** A 64-note melody that differs by `seed` (pitches, lengths and velocities cycle): a varied little training file. */
export function melody(seed: number): Song {
  const rows = Array.from({ length: 64 }, (_, i) => [
    55 + ((i * 7 + seed * 3) % 19),
    i * 240,
    120 + ((i + seed) % 3) * 60,
    60 + ((i * 5 + seed) % 40),
  ])
  return baseSong({
    name: `m${seed}`,
    tempos: [{ tick: 0, bpm: 100 }],
    tracks: [trackOf('t0', notesFrom(rows), { name: 'p' })],
  })
}

/** Writes `song` as `<dir>/<file>`; returns the path. */
export function writeMidi(dir: string, file: string, song: Song): string {
  const path = join(dir, file)
  writeFileSync(path, writeSong(song))
  return path
}
