// Distributions for the UI's statistics panels: pitch classes, melodic intervals and note lengths of a Song.
import type { Song } from '../music/song'

/** Histograms of one song. Counts are raw note counts (not normalised). */
export interface SongHistograms {
  /** 12 counts, index = pitch class (0 = C … 11 = B). */
  readonly pitchClass: number[]
  /** Interval bins −24..24 semitones between successive onsets (index i ↔ i − 24); larger leaps are clamped. */
  readonly interval: { readonly semitones: number[]; readonly counts: number[] }
  /** Note lengths in beats (quarter notes), log-spaced bins: counts[i] holds lengths in [edges[i], edges[i+1]). */
  readonly noteLength: { readonly edgesBeats: number[]; readonly counts: number[] }
}

/** Bin edges in beats: 1/32 … 16 in steps of 2^(1/2); shorter/longer notes fall in the first/last bin. */
export const NOTE_LENGTH_EDGES_BEATS: readonly number[] = Array.from(
  { length: 19 },
  (_, i) => 2 ** (-5 + i / 2),
)

/**
 * Pitch-class, interval and note-length histograms of all notes in all tracks. Intervals are taken between
 * successive onsets of the merged note list sorted by (startTick, pitch); notes of one chord give interval 0
 * steps up the chord, so a purely chordal piece shows small intervals.
 */
export function histograms(song: Song): SongHistograms {
  const pitchClass = new Array<number>(12).fill(0)
  const semitones = Array.from({ length: 49 }, (_, i) => i - 24)
  const intervalCounts = new Array<number>(49).fill(0)
  const edges = [...NOTE_LENGTH_EDGES_BEATS]
  const lengthCounts = new Array<number>(edges.length - 1).fill(0)
  const notes = song.tracks
    .flatMap((t) => t.notes)
    .slice()
    .sort((a, b) => a.startTick - b.startTick || a.pitch - b.pitch)
  for (let i = 0; i < notes.length; i++) {
    const n = notes[i]
    pitchClass[((n.pitch % 12) + 12) % 12]++
    if (i > 0) {
      const d = Math.max(-24, Math.min(24, n.pitch - notes[i - 1].pitch))
      intervalCounts[d + 24]++
    }
    const beats = n.durationTicks / song.ppq
    let bin = 0
    while (bin < lengthCounts.length - 1 && beats >= edges[bin + 1]) bin++
    lengthCounts[bin]++
  }
  return {
    pitchClass,
    interval: { semitones, counts: intervalCounts },
    noteLength: { edgesBeats: edges, counts: lengthCounts },
  }
}
