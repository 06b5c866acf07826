// Public API of the MIDI feature: Web MIDI ports, output of the song (notes, clock), recording from a keyboard.
export { MidiSession, type InputQuantize, type PortSource, type RecordTarget } from './MidiSession.svelte'
export { MidiOut, type TrackRoute } from './MidiOut'
export { type InPort, type OutPort } from './ports'
export { type TakeNote } from './take'
export { default as MidiPanel } from './MidiPanel.svelte'
