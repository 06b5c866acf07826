// Units carried in type names so a value's scale is visible at every use (ticks vs seconds, MIDI 0..127).

/** Position or length in MIDI ticks of the owning song's PPQ. */
export type Ticks = number
/** Wall-clock time in seconds. */
export type Seconds = number
/** MIDI note number, integer 0..127 (60 = middle C). */
export type MidiNote = number
/** MIDI velocity, integer 1..127 for a sounding note. */
export type Velocity = number
/** Tempo in quarter-note beats per minute. */
export type Bpm = number

/** Branded identifier: `Brand<string, 'TrackId'>` cannot be passed where a `NoteId` is expected. */
export type Brand<T, B extends string> = T & { readonly __brand: B }
export type NoteId = Brand<string, 'NoteId'>
export type TrackId = Brand<string, 'TrackId'>
