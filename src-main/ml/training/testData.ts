// Test fixtures for the engine (no corpus needed): synthetic songs in raw C-RNN-GAN units and small MIDI files.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Midi } from '@tonejs/midi'
import type { SongCells } from './batching'
import { Rng } from './seeds'

/** `n` songs of `cells` cells each (K = 1): dt ∈ {0, 96, 192} ticks, length 96..384, C-major pitches, vel 40..100. */
export function syntheticSongs(n: number, cells: number, seed = 7): SongCells[] {
  const rng = new Rng(seed)
  const scale = [0, 2, 4, 5, 7, 9, 11]
  const out: SongCells[] = []
  for (let s = 0; s < n; s++) {
    const data = new Float32Array(cells * 4)
    let degree = rng.int(7)
    for (let c = 0; c < cells; c++) {
      degree = Math.max(0, Math.min(13, degree + rng.int(3) - 1))
      const pitch = 60 + 12 * Math.floor(degree / 7) + scale[degree % 7] - 12
      data[c * 4] = c === 0 ? 0 : [0, 96, 192][rng.int(3)]
      data[c * 4 + 1] = 96 * (1 + rng.int(4))
      data[c * 4 + 2] = 440 * 2 ** ((pitch - 69) / 12)
      data[c * 4 + 3] = 40 + rng.int(61)
    }
    out.push({ name: `song${s}`, cells: data })
  }
  return out
}

/** Writes `n` small two-voice MIDI pieces (a melody over held bass notes, 48 beats) into `dir`; returns the paths. */
export function writeFixtureMidi(dir: string, n: number): string[] {
  const paths: string[] = []
  for (let f = 0; f < n; f++) {
    const midi = new Midi()
    const t = midi.addTrack()
    for (let i = 0; i < 48; i++) {
      t.addNote({
        midi: 60 + ((i * (f + 2)) % 12),
        time: i * 0.25,
        duration: 0.25,
        velocity: 0.4 + 0.05 * (i % 8),
      })
      if (i % 4 === 0) t.addNote({ midi: 48 + (f % 5), time: i * 0.25, duration: 1, velocity: 0.6 })
    }
    const path = join(dir, `piece${f}.mid`)
    writeFileSync(path, midi.toArray())
    paths.push(path)
  }
  return paths
}
