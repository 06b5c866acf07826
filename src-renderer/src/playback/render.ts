// Offline rendering of a song to audio (for WAV export and the audio tests): the same instruments as live
// playback in an OfflineAudioContext. Piano tracks are scheduled note by note on Tone.Samplers; GM tracks
// are handed to spessasynth's worklet as one MIDI sequence, because Chromium does not deliver worklet
// messages while an OfflineAudioContext renders.
import * as Tone from 'tone'
import { BasicMIDI } from 'spessasynth_core'
import { WorkletSynthesizer } from 'spessasynth_lib'
import { writeSong } from '@common/midi/writeSong'
import { CENTRE_PAN, DEFAULT_TRACK_VOLUME, type Song } from '@common/music/song'
import type { TrackId } from '@common/music/units'
import { registerWorklet, soundBankBytes } from './instruments/gmSynth'
import { loadPianoSamples, SampledPiano } from './instruments/piano'
import { instrumentOf, panValue, synthChannels, volumeGain } from './instruments/routing'
import { isAudible, schedule } from './schedule'

/** Options of {@link renderSong}. */
export interface RenderOptions {
  readonly mutedTracks?: ReadonlySet<TrackId>
  readonly soloTracks?: ReadonlySet<TrackId>
  /** Default 44 100 Hz. */
  readonly sampleRate?: number
  /** Seconds rendered after the last note stops (the decay), default 2. */
  readonly tailSeconds?: number
  /** Progress 0..1 of the render, about once per rendered second. */
  readonly onProgress?: (fraction: number) => void
  /** Aborting stops the render at the next second and rejects with an AbortError. */
  readonly signal?: AbortSignal
}

/** The GM tracks of `song` as a song of their own, each on its synth channel (drums stay on channel 10). */
export function gmPart(song: Song, audible: (id: TrackId) => boolean): Song | null {
  const channels = synthChannels(song.tracks)
  const tracks = song.tracks
    .map((t, i) => ({ ...t, channel: channels[i] }))
    .filter((t) => instrumentOf(t) === 'gm' && audible(t.id) && t.notes.length > 0)
  return tracks.length > 0 ? { ...song, tracks } : null
}

/** Renders `song` (stereo) and resolves with the audio. Length: last sounding note + the tail. */
export async function renderSong(song: Song, opts: RenderOptions = {}): Promise<AudioBuffer> {
  const sampleRate = opts.sampleRate ?? 44_100
  const audible = (id: TrackId) => isAudible(id, opts.mutedTracks, opts.soloTracks)
  const events = schedule(song, { mutedTracks: opts.mutedTracks, soloTracks: opts.soloTracks })
  const last = events.reduce((m, e) => Math.max(m, e.timeSeconds + e.sustainedSeconds), 0)
  const seconds = last + (opts.tailSeconds ?? 2)
  const native = new OfflineAudioContext(2, Math.ceil(seconds * sampleRate), sampleRate)
  const context = new Tone.OfflineContext(native)

  const pianoTracks = song.tracks.filter((t) => instrumentOf(t) === 'piano' && audible(t.id))
  if (pianoTracks.length > 0) {
    const samples = await loadPianoSamples(native)
    const voices = new Map<TrackId, SampledPiano>()
    for (const t of pianoTracks) {
      const strip = new Tone.Channel({
        context,
        volume: Tone.gainToDb(volumeGain(t.volume ?? DEFAULT_TRACK_VOLUME)),
        pan: panValue(t.pan ?? CENTRE_PAN),
      }).connect(context.destination)
      voices.set(t.id, new SampledPiano(samples, strip, context))
    }
    for (const e of events)
      voices.get(e.trackId)?.play(e.pitch, e.sustainedSeconds, e.timeSeconds, e.velocity)
  }

  const gm = gmPart(song, audible)
  if (gm) {
    await registerWorklet(native)
    const synth = new WorkletSynthesizer(native)
    synth.connect(native.destination)
    const midi = new Uint8Array(writeSong(gm)) // a plain ArrayBuffer of exactly the file
    await synth.startOfflineRender({
      midiSequence: BasicMIDI.fromArrayBuffer(midi.buffer),
      soundBankList: [{ bankOffset: 0, soundBankBuffer: await soundBankBytes() }],
      loopCount: 0,
      sequencerOptions: { skipToFirstNoteOn: false },
    })
  }
  return renderWithProgress(native, seconds, opts)
}

/**
 * Renders `ctx` stopping at every second (OfflineAudioContext.suspend) to report progress and to honour an
 * abort: an aborted render is simply never resumed.
 */
function renderWithProgress(
  ctx: OfflineAudioContext,
  seconds: number,
  opts: RenderOptions,
): Promise<AudioBuffer> {
  const { onProgress, signal } = opts
  if (!onProgress && !signal) return ctx.startRendering()
  return new Promise((resolve, reject) => {
    const abort = () => reject(new DOMException('audio render cancelled', 'AbortError'))
    if (signal?.aborted) return abort()
    // suspend() times are rounded to render quanta; whole seconds inside the length are always valid.
    for (let t = 1; t < seconds - 0.01; t++) {
      void ctx.suspend(t).then(() => {
        if (signal?.aborted) return abort()
        onProgress?.(t / seconds)
        void ctx.resume()
      })
    }
    ctx.startRendering().then((b) => {
      onProgress?.(1)
      resolve(b)
    }, reject)
  })
}
