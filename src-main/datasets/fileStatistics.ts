// Per-file statistics recorded at import so dataset stats never re-parse: paper metrics of the whole file (spec §5),
// of one seeded window through encode → MIDI (spec §6.3), and the UI histograms.
import type { Tone } from '../common/crnngan/tones'
import { histograms } from '../common/metrics/histograms'
import type { NoteOn } from '../common/metrics/noteOns'
import { paperMetrics, type PaperMetrics } from '../common/metrics/paperMetrics'
import { windowMetricsOfTones } from '../common/metrics/windowMetrics'
import type { Song } from '../common/music/song'
import { Rng } from '../common/random'

/** What one file contributes to dataset statistics. */
export interface FileStatistics {
  readonly metrics: PaperMetrics
  /** Null when the window could not be scored (e.g. the file's tone list is empty). */
  readonly windowMetrics: PaperMetrics | null
  /** pitchClass: 12 counts (C..B); interval: 49 counts (−24..24 semitones); noteLength: 18 log-spaced beat bins. */
  readonly histograms: {
    readonly pitchClass: number[]
    readonly interval: number[]
    readonly noteLength: number[]
  }
}

/**
 * The window seed of one file: the dataset seed mixed with the file's content hash, so each file's window is
 * reproducible and independent of import order or worker scheduling (the CLI's `metrics --window` uses the same).
 */
export function windowSeed(seed: number, sha256: string): number {
  return (Math.trunc(seed) ^ Number.parseInt(sha256.slice(0, 8), 16)) >>> 0
}

/** Statistics of one parsed file: its note-ons, readSong result and §2.2 tone list (all from one parse). */
export function fileStatistics(
  parsed: { readonly noteOns: readonly NoteOn[]; readonly song: Song; readonly tones: readonly Tone[] },
  opts: { seed: number; sha256: string; windowLength: number },
): FileStatistics {
  const metrics = paperMetrics(parsed.noteOns)
  let window: PaperMetrics | null
  try {
    const rng = new Rng(windowSeed(opts.seed, opts.sha256)).uniform
    window = windowMetricsOfTones(parsed.tones, opts.windowLength, rng)
  } catch {
    // A file readSong accepted but whose §2.2 tone list is unusable still imports; it just has no window score.
    window = null
  }
  const h = histograms(parsed.song)
  return {
    metrics,
    windowMetrics: window,
    histograms: { pitchClass: h.pitchClass, interval: h.interval.counts, noteLength: h.noteLength.counts },
  }
}
