// Test oracle: the §2.2 note pairing written the way music_data_utils.py does it (and readTones did until it was
// made linear): every note-off rescans all open notes of the track. Quadratic, so only for comparisons in tests.
import { parseSmf } from '../../midi/smfParse'
import { TONE_PPQ, type Tone } from '../tones'
import { midiToHz } from '../../music/pitch'

/** The spec-literal note list of `bytes`; must equal readTones(bytes) for every input. */
export function referenceTones(bytes: Uint8Array): Tone[] {
  const smf = parseSmf(bytes)
  const k = smf.ppq / TONE_PPQ
  const tones: Tone[] = []
  const push = (begin: number, length: number, pitch: number, velocity: number): void =>
    void tones.push({ begin, length, freq: midiToHz(pitch), velocity })
  for (const events of smf.tracks) {
    let open: { pitch: number; begin: number; velocity: number }[] = []
    for (const e of events) {
      if (e.kind === 'noteOn') {
        open.push({ pitch: e.pitch, begin: e.tick / k, velocity: e.velocity })
      } else if (e.kind === 'noteOff') {
        const end = e.tick / k
        const still: typeof open = []
        for (const n of open) {
          if (n.pitch === e.pitch) push(n.begin, end - n.begin, n.pitch, n.velocity)
          else still.push(n)
        }
        open = still
      }
    }
    for (const n of open) push(n.begin, TONE_PPQ, n.pitch, n.velocity)
  }
  return tones.sort((a, b) => a.begin - b.begin)
}
