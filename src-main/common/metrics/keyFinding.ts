// Key finding by the Krumhansl–Kessler probe-tone profiles (Krumhansl 1990): the key whose rotated profile
// correlates best (Pearson) with a piece's pitch-class note counts. Used to key-normalise pitch-class histograms.

/** Krumhansl–Kessler major profile, index 0 = tonic. */
export const KK_MAJOR: readonly number[] = [
  6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88,
]
/** Krumhansl–Kessler minor profile, index 0 = tonic. */
export const KK_MINOR: readonly number[] = [
  6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17,
]

/** A key: tonic pitch class 0..11 (0 = C) and mode, with the correlation that chose it. */
export interface Key {
  readonly tonic: number
  readonly mode: 'major' | 'minor'
  /** Pearson correlation of the counts with the key's profile; NaN when the counts are flat (e.g. empty). */
  readonly correlation: number
}

/** Pearson correlation of two equal-length vectors; NaN when either is constant. */
export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i] / n
    mb += b[i] / n
  }
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb)
    saa += (a[i] - ma) ** 2
    sbb += (b[i] - mb) ** 2
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN
}

/**
 * Best of the 24 major/minor keys for 12 pitch-class counts (index 0 = C). Ties and flat counts go to the first key
 * tried: C major, C minor, C♯ major, … so the result is deterministic.
 */
export function bestKey(counts: readonly number[]): Key {
  if (counts.length !== 12) throw new Error(`bestKey needs 12 pitch-class counts, got ${counts.length}`)
  let best: Key = { tonic: 0, mode: 'major', correlation: NaN }
  for (let tonic = 0; tonic < 12; tonic++) {
    for (const [mode, profile] of [
      ['major', KK_MAJOR],
      ['minor', KK_MINOR],
    ] as const) {
      // The profile of key `tonic` at pitch class pc is profile[(pc − tonic) mod 12].
      const rotated = Array.from({ length: 12 }, (_, pc) => profile[(pc - tonic + 12) % 12])
      const r = pearson(counts, rotated)
      if (r > best.correlation || (Number.isNaN(best.correlation) && !Number.isNaN(r)))
        best = { tonic, mode, correlation: r }
    }
  }
  return best
}

/** Pitch-class counts of MIDI pitches (index 0 = C). */
export function pitchClassCounts(pitches: readonly number[]): number[] {
  const out = new Array<number>(12).fill(0)
  for (const p of pitches) out[((Math.round(p) % 12) + 12) % 12]++
  return out
}

/**
 * Pitch-class counts rotated so the piece's best KK key's tonic is bin 0 (major and minor pooled in the same 12
 * bins): a C-major scale and a D-major scale give the same histogram.
 */
export function keyNormalisedPitchClasses(pitches: readonly number[]): number[] {
  const counts = pitchClassCounts(pitches)
  const { tonic } = bestKey(counts)
  return Array.from({ length: 12 }, (_, i) => counts[(i + tonic) % 12])
}
