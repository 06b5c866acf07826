// Synthesised voices: the metronome click, and the FM piano-like voice that plays a part whose sampled sound
// could not be loaded (see instruments/live.ts). Velocity maps to gain, so soft and loud notes are audible.
import * as Tone from 'tone'

/** Creates the FM fallback PolySynth connected to the destination. Dispose it when done. */
export function createPianoVoice(): Tone.PolySynth<Tone.FMSynth> {
  const synth = new Tone.PolySynth(Tone.FMSynth, {
    harmonicity: 2,
    modulationIndex: 1.8,
    oscillator: { type: 'sine' },
    modulation: { type: 'triangle' },
    envelope: { attack: 0.002, decay: 1.6, sustain: 0, release: 0.35, decayCurve: 'exponential' },
    modulationEnvelope: { attack: 0.002, decay: 0.4, sustain: 0.15, release: 0.3 },
    volume: -10,
  })
  synth.maxPolyphony = 64
  return synth.toDestination()
}

/** A short click for the metronome (accented on bar downbeats). */
export function createClick(): Tone.MembraneSynth {
  return new Tone.MembraneSynth({
    pitchDecay: 0.008,
    octaves: 2,
    envelope: { attack: 0.001, decay: 0.06, sustain: 0, release: 0.01 },
    volume: -8,
  }).toDestination()
}
