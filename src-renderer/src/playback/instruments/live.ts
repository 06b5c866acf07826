// The live instrument set, one per window and shared by every player (editor, audition): Tone and spessasynth
// run on ONE native AudioContext (spessasynth's worklet cannot connect to standardized-audio-context nodes,
// which Tone uses by default). Sounds load on first use; a part that fails to load falls back to the FM voice
// and the reason is kept for the transport bar.
import * as Tone from 'tone'
import { createGmSynth, type TimedSynth } from './gmSynth'
import { loadPianoSamples } from './piano'

let nativeSet = false
/** Makes Tone's global context a native AudioContext (call before anything touches Tone). */
export function useNativeContext(): void {
  // No Web Audio (jsdom tests): leave Tone's default, which is never started there.
  if (nativeSet || typeof AudioContext === 'undefined') return
  nativeSet = true
  Tone.setContext(new Tone.Context(new AudioContext({ latencyHint: 'interactive' })))
}

/** The raw native AudioContext shared by Tone and the GM synthesizer. */
export function nativeContext(): AudioContext {
  useNativeContext()
  return Tone.getContext().rawContext as unknown as AudioContext
}

/** What loaded. `null` parts play on the FM fallback; `errors` says why. */
export interface LiveInstruments {
  readonly samples: Awaited<ReturnType<typeof loadPianoSamples>> | null
  readonly gm: TimedSynth | null
  readonly errors: readonly string[]
}

let live: Promise<LiveInstruments> | null = null
const message = (what: string, r: PromiseSettledResult<unknown>): string[] =>
  r.status === 'rejected'
    ? [`${what}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`]
    : []

/** Loads (once) the sampled piano and the GM synthesizer on the live context. */
export function liveInstruments(): Promise<LiveInstruments> {
  live ??= (async () => {
    const ctx = nativeContext()
    const bus = new Tone.Gain().toDestination()
    const [samples, gm] = await Promise.allSettled([loadPianoSamples(ctx), createGmSynth(ctx, bus.input)])
    return {
      samples: samples.status === 'fulfilled' ? samples.value : null,
      gm: gm.status === 'fulfilled' ? gm.value : null,
      errors: [...message('piano samples', samples), ...message('GM sound bank', gm)],
    }
  })()
  return live
}
