// Scale consistency (spec §5.3): best fraction of tones inside one of 36 (tonic, scale) pairs, corrected and code-exact.

/** Scale interval sets of midi_statistics.py (melodic minor is ignored there too). */
export const SCALES: readonly { readonly name: string; readonly steps: readonly number[] }[] = [
  { name: 'major', steps: [0, 2, 4, 5, 7, 9, 11] },
  { name: 'natural minor', steps: [0, 2, 3, 5, 7, 8, 10] },
  { name: 'harmonic minor', steps: [0, 2, 3, 5, 7, 8, 11] },
]

/** Pitch-class names, sharps only, as midi_statistics.py. */
export const PITCH_CLASS_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const

/** Best scale fit: `score` 0..1 and its name, e.g. 'G major' ('' for no tones). */
export interface ScaleFit {
  readonly score: number
  readonly scale: string
}

const mod12 = (x: number): number => ((x % 12) + 12) % 12

/**
 * Corrected scale consistency: membership by ((pitch − tonic) mod 12). Ties (e.g. G major vs E natural minor, which
 * share their notes) go to the candidate whose tonic is sounded most often, then whose tonic is the first tone's
 * pitch class, then the last tone's, then to enumeration order (tonic C…B, major before minors).
 * @example scaleConsistency([67, 69, 71, 72, 74, 76, 78]) // { score: 1, scale: 'G major' }
 */
export function scaleConsistency(pitches: readonly number[]): ScaleFit {
  if (pitches.length === 0) return { score: 0, scale: '' }
  const pcCount = new Array<number>(12).fill(0)
  for (const p of pitches) pcCount[mod12(p)]++
  const first = mod12(pitches[0])
  const last = mod12(pitches[pitches.length - 1])
  // Lexicographic preference: [score, tonic count, first tone is tonic, last tone is tonic].
  let best: number[] = [-1]
  let name = ''
  for (let tonic = 0; tonic < 12; tonic++) {
    for (const s of SCALES) {
      let inScale = 0
      for (const step of s.steps) inScale += pcCount[mod12(tonic + step)]
      const key = [inScale / pitches.length, pcCount[tonic], +(tonic === first), +(tonic === last)]
      const d = key.findIndex((v, i) => v !== best[i])
      if (d >= 0 && (best[d] === undefined || key[d] > best[d])) {
        best = key
        name = `${PITCH_CLASS_NAMES[tonic]} ${s.name}`
      }
    }
  }
  return { score: best[0], scale: name }
}

/**
 * midi_statistics.py's score: membership by (pitch mod 12) − tonic without wrapping, so for a tonic ≠ C only
 * pitch classes ≥ the tonic can match. The name is the first maximum in (tonic, scale) enumeration order (the
 * original's order came from an unordered dict).
 * @example scaleConsistencyCodeExact([67, 69, 71, 72, 74, 76, 78]).score // 6/7 ≈ 0.857
 */
export function scaleConsistencyCodeExact(pitches: readonly number[]): ScaleFit {
  if (pitches.length === 0) return { score: 0, scale: '' }
  // Membership depends only on (pitch mod 12), so count pitch classes once (non-integers never match a step).
  const pcCount = new Array<number>(12).fill(0)
  for (const p of pitches) {
    const pc = mod12(p)
    if (Number.isInteger(pc)) pcCount[pc]++
  }
  let best = { score: -1, scale: '' }
  for (let tonic = 0; tonic < 12; tonic++) {
    for (const s of SCALES) {
      let inScale = 0
      for (let pc = 0; pc < 12; pc++) if (s.steps.includes(pc - tonic)) inScale += pcCount[pc]
      const score = inScale / pitches.length
      if (score > best.score) best = { score, scale: `${PITCH_CLASS_NAMES[tonic]} ${s.name}` }
    }
  }
  return best
}
