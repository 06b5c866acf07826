// Public API of the export feature: MIDI bytes in/out, scope extraction, and the IPC-backed save/open/drag.
export { type ExportScope, extractForExport } from './extract'
export {
  dragMidi,
  exportFileName,
  exportMidiBytes,
  importMidiBytes,
  MidiImportError,
  openMidi,
  saveMidi,
} from './midiFiles'
