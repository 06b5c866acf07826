// Credits for the sounds shipped with the app, shown in the About box (the samples' licence, CC BY 3.0, requires
// attribution) and listed in the README with every dependency's licence.

export const SOUND_CREDITS = [
  'Piano: Salamander Grand Piano V3 by Alexander Holm, licensed CC BY 3.0',
  '(https://creativecommons.org/licenses/by/3.0/); MP3 layers v4 and v10 packaged by Jan Forst (MIT).',
  'General MIDI sounds: FluidR3Mono GM by Michael Cowgill, from Fluid R3 by Frank Wen (MIT).',
  'Synthesizer: spessasynth_lib / spessasynth_core by spessasus (Apache-2.0). Audio: Tone.js (MIT).',
].join('\n')
