// MIDI files written by the tests themselves (no corpus needed): songs from compact rows (the shared builders of
// common/midi/testSongs.ts), and small scale runs.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { scaleRows, songOf } from '../../../src-main/common/midi/testSongs'
import { writeSong } from '../../../src-main/common/midi/writeSong'
import type { Song } from '../../../src-main/common/music/song'

export { songOf }

/** A scale run of `n` eighth notes from `root` (a small, learnable training file). */
export function scaleRun(name: string, root: number, n: number): Song {
  return songOf(name, [scaleRows(root, n)])
}

/** Writes `song` as `<dir>/<file>`; returns the path. */
export function writeMidi(dir: string, file: string, song: Song): string {
  const path = join(dir, file)
  writeFileSync(path, writeSong(song))
  return path
}
