// Spec §6.3 "apples-to-apples" statistics of real music: one random N-cell window pushed through the C-RNN-GAN
// representation and MIDI writer, then scored like generated songs.
import { sampleWindow, type TonesPerCell } from '../crnngan/cells'
import { readTones, type Tone } from '../crnngan/tones'
import { cellsToMidiBytes, type PitchMode } from '../crnngan/writer'
import { noteOnsFromMidi } from './noteOns'
import { paperMetrics, type PaperMetrics } from './paperMetrics'

/** Options for {@link windowMetrics}. Defaults follow §6.3: K = 1, pitch recovered by rounding. */
export interface WindowMetricsOptions {
  readonly tonesPerCell?: TonesPerCell
  readonly pitchMode?: PitchMode
}

/**
 * Draws one window of `windowLength` cells (spec §2.4, using `rng` ∈ [0, 1)) from the MIDI file `bytes`, encodes it
 * (§2.3), writes it back to MIDI (§2.5), and returns the §5 metrics of the result.
 * @throws {MidiFormatError} when `bytes` is not a readable MIDI file.
 * @example windowMetrics(bytes, 100, new Rng(1234).uniform).polyphony
 */
export function windowMetrics(
  bytes: Uint8Array,
  windowLength: number,
  rng: () => number,
  opts: WindowMetricsOptions = {},
): PaperMetrics {
  return windowMetricsOfTones(readTones(bytes), windowLength, rng, opts)
}

/** {@link windowMetrics} of a file's §2.2 tone list (readTones of its bytes), e.g. one an import already has. */
export function windowMetricsOfTones(
  tones: readonly Tone[],
  windowLength: number,
  rng: () => number,
  opts: WindowMetricsOptions = {},
): PaperMetrics {
  const tonesPerCell = opts.tonesPerCell ?? 1
  const window = sampleWindow(tones, windowLength, tonesPerCell, rng)
  const midi = cellsToMidiBytes(window.data, window.cells, {
    tonesPerCell,
    pitchMode: opts.pitchMode ?? 'corrected',
  })
  return paperMetrics(noteOnsFromMidi(midi))
}
