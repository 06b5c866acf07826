// Public API of the playback feature: the pure scheduler, the Tone engine, the reactive controller and its bar.
export { END_TAIL_SECONDS, isAudible, type PlayEvent, schedule, type ScheduleOptions } from './schedule'
export { PlaybackEngine, type PlaybackSource } from './engine'
export { Playback } from './Playback.svelte'
export { default as TransportBar } from './TransportBar.svelte'
