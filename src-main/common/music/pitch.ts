// MIDI pitch ↔ frequency, anchored at A4 = 440 Hz: the C-RNN-GAN cells carry Hz, the synths play Hz.

/** Float MIDI pitch of a frequency, 69 + 12·log2(freq/440), computed as Python's math.log(x, 2) = ln x / ln 2. */
export function hzToMidi(freq: number): number {
  return 69 + 12 * (Math.log(freq / 440) / Math.log(2))
}

/** Frequency in Hz of a (possibly fractional) MIDI pitch: 440·2^((pitch−69)/12), as tone_to_freq. */
export function midiToHz(pitch: number): number {
  return Math.pow(2, (pitch - 69) / 12) * 440
}
