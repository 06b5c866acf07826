// General MIDI voices: spessasynth's AudioWorklet synthesizer with the FluidR3Mono GM sound bank (MIT). It
// reads program changes, CC7/CC10/CC64 and channel 10 drums itself; every call takes an audio-context time.
import { WorkletSynthesizer } from 'spessasynth_lib'
import { loadAssetOnce, SOUND_BANK_URL, WORKLET_URL } from './assets'

const registered = new WeakMap<BaseAudioContext, Promise<void>>()

/** Adds the processor module to `ctx` once (from the app's own files: the CSP allows worklets from 'self'). */
export function registerWorklet(ctx: BaseAudioContext): Promise<void> {
  let p = registered.get(ctx)
  if (!p) {
    p = ctx.audioWorklet.addModule(new URL(WORKLET_URL, document.baseURI).href)
    registered.set(ctx, p)
  }
  return p
}

/** The sound bank's bytes (a fresh copy each call: the worklet takes ownership of what it is sent). */
export async function soundBankBytes(): Promise<ArrayBuffer> {
  return (await loadAssetOnce(SOUND_BANK_URL)).slice(0)
}

/**
 * The worklet synthesizer with its clock lag measured: its messages carry the synthesizer's own time, which
 * falls behind the context's whenever the audio thread was busy (loading the bank). Timed events are shifted
 * by the smallest recent lag, so a note scheduled at context time t sounds at t.
 */
export class TimedSynth extends WorkletSynthesizer {
  readonly #lags: number[] = []

  protected override handleMessage(m: Parameters<WorkletSynthesizer['handleMessage']>[0]): void {
    this.#lags.push(this.context.currentTime - m.currentTime)
    if (this.#lags.length > 16) this.#lags.shift()
    super.handleMessage(m)
  }

  /** Seconds the synthesizer's clock runs behind the context's (≥ 0; delivery delay makes it an upper bound). */
  get lag(): number {
    return this.#lags.length ? Math.max(0, Math.min(...this.#lags)) : 0
  }

  /** `{ time }` for an event at context time `t`, in the synthesizer's clock. */
  at(t: number): { time: number } {
    return { time: t - this.lag }
  }
}

/** Creates a live GM synthesizer on `ctx`, connected to `output`, with the bank loaded. */
export async function createGmSynth(ctx: BaseAudioContext, output: AudioNode): Promise<TimedSynth> {
  await registerWorklet(ctx)
  const synth = new TimedSynth(ctx)
  synth.connect(output)
  await synth.soundBankManager.addSoundBank(await soundBankBytes(), 'gm')
  await synth.isReady
  await synth.getSnapshot() // a round trip, so the clock lag is measured before the first note
  return synth
}
