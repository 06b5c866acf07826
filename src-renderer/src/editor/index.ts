// Public API of the editor feature (the only import point for other features): the component, its state,
// the pure commands and history, and the actions the shell's menu forwards.
export { default as PianoRoll } from './PianoRoll.svelte'
export { EditorState, type DocState, type LoopRegion, type Tool } from './EditorState.svelte'
export { History, type HistoryOptions } from './model/history'
export * from './model/commandsNotes'
export * from './model/commandsTransform'
export * from './model/commandsClipboard'
export * from './model/commandsTracks'
export * from './model/commandsTempo'
export { type Snap, type GridDivision, type GridMode, gridTicks, snapTick } from './model/snap'
export { quantizeTick, type QuantizeOptions } from '@common/music/quantize'
export { type Key, type ScaleName, SCALES, NOTE_NAMES, nearestInScale, noteName } from '@common/music/scale'
export {
  copySelection,
  cutSelection,
  paste,
  runAction,
  runMenuCommand,
  type TransportControls,
} from './actions'
export { importMidi, type ImportMode, type ImportOptions } from './importMidi'
export { actionForKey, SHORTCUTS, type EditorAction } from './model/shortcuts'
export { emptySong, randomSong } from './model/demoSong'
