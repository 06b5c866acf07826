// Public API of the playback feature: the pure scheduler, the Tone engine, the reactive controller and its bar,
// the one-song audition player, the instruments' names, offline rendering and the audio (WAV) export.
export {
  type ControlEvent,
  controlSchedule,
  END_TAIL_SECONDS,
  isAudible,
  type PlayEvent,
  schedule,
  type ScheduleOptions,
} from './schedule'
export { PlaybackEngine, type PlaybackSource, type ScheduleListener } from './engine'
export { Playback } from './Playback.svelte'
export { Audition, type AuditionOptions } from './Audition.svelte'
export { default as TransportBar } from './TransportBar.svelte'
export { GM_FAMILIES, GM_PROGRAMS, soundName } from './instruments/gmNames'
export { instrumentOf, synthChannels } from './instruments/routing'
export { renderSong, type RenderOptions } from './render'
export { AudioExport, renderWav } from './AudioExport.svelte'
export { default as AudioExportStatus } from './AudioExportStatus.svelte'
