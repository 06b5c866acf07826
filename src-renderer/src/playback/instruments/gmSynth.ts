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

/** Creates a live GM synthesizer on `ctx`, connected to `output`, with the bank loaded. */
export async function createGmSynth(ctx: BaseAudioContext, output: AudioNode): Promise<WorkletSynthesizer> {
  await registerWorklet(ctx)
  const synth = new WorkletSynthesizer(ctx)
  synth.connect(output)
  await synth.soundBankManager.addSoundBank(await soundBankBytes(), 'gm')
  await synth.isReady
  return synth
}
