// The sampled grand: Salamander Grand Piano V3 (Alexander Holm, CC BY 3.0) through two Tone.Samplers, a soft
// and a loud velocity layer. Tone.Sampler repitches the nearest sample (sampled every minor third).
import * as Tone from 'tone'
import type { MidiNote, Seconds, Velocity } from '@common/music/units'
import { loadAssetOnce, PIANO_SAMPLES } from './assets'

type Layer = Map<string, AudioBuffer>
let decoded: Promise<{ soft: Layer; loud: Layer }> | null = null

/** Decodes all samples once (AudioBuffers are not tied to a context, so offline renders reuse them). */
export function loadPianoSamples(ctx: BaseAudioContext): Promise<{ soft: Layer; loud: Layer }> {
  const layer = async (urls: Map<string, string>): Promise<Layer> =>
    new Map(
      await Promise.all(
        [...urls].map(
          async ([note, url]) =>
            [note, await ctx.decodeAudioData((await loadAssetOnce(url)).slice(0))] as const,
        ),
      ),
    )
  decoded ??= Promise.all([layer(PIANO_SAMPLES.soft), layer(PIANO_SAMPLES.loud)]).then(([soft, loud]) => ({
    soft,
    loud,
  }))
  decoded.catch(() => (decoded = null))
  return decoded
}

/** Velocities below this play the soft layer (v4 ≈ velocity 28), others the loud one (v10 ≈ velocity 76). */
const LAYER_SPLIT = 56
const NOMINAL = { soft: 28, loud: 76 }

/** Gain of a note inside its layer: the layer's own loudness at its nominal velocity, scaled around it. */
export function layerGain(velocity: Velocity): { layer: 'soft' | 'loud'; gain: number } {
  const layer = velocity < LAYER_SPLIT ? 'soft' : 'loud'
  const gain = Math.min(1.6, Math.max(0.2, (velocity / NOMINAL[layer]) ** 0.8))
  return { layer, gain }
}

/** One piano voice (both layers) connected to `output`, in `context` (live or offline). */
export class SampledPiano {
  readonly #layers: Record<'soft' | 'loud', Tone.Sampler>

  constructor(samples: { soft: Layer; loud: Layer }, output: Tone.InputNode, context?: Tone.BaseContext) {
    const make = (l: Layer) =>
      new Tone.Sampler({
        urls: Object.fromEntries(l),
        release: 0.35, // the damper: a short fade after the key (or the pedal) comes up
        curve: 'exponential',
        ...(context ? { context } : {}),
      }).connect(output)
    this.#layers = { soft: make(samples.soft), loud: make(samples.loud) }
  }

  /** Plays `pitch` at `time` for `duration` seconds (include any pedal extension in `duration`). */
  play(pitch: MidiNote, duration: Seconds, time: Seconds, velocity: Velocity): void {
    const { layer, gain } = layerGain(velocity)
    this.#layers[layer].triggerAttackRelease(Tone.Frequency(pitch, 'midi').toNote(), duration, time, gain)
  }

  /** Starts `pitch` and holds it until {@link release} (live keyboard input). */
  attack(pitch: MidiNote, time: Seconds, velocity: Velocity): void {
    const { layer, gain } = layerGain(velocity)
    const note = Tone.Frequency(pitch, 'midi').toNote()
    this.#held.set(pitch, layer)
    this.#layers[layer].triggerAttack(note, time, gain)
  }

  release(pitch: MidiNote, time: Seconds): void {
    const layer = this.#held.get(pitch)
    if (!layer) return
    this.#held.delete(pitch)
    this.#layers[layer].triggerRelease(Tone.Frequency(pitch, 'midi').toNote(), time)
  }
  readonly #held = new Map<MidiNote, 'soft' | 'loud'>()

  releaseAll(): void {
    this.#layers.soft.releaseAll()
    this.#layers.loud.releaseAll()
  }

  dispose(): void {
    this.#layers.soft.dispose()
    this.#layers.loud.dispose()
  }
}
