// Small synthetic songs in raw C-RNN-GAN units for engine tests (no corpus needed): scale runs with chords.
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
