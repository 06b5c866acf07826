// Native dialogs as FileService pickers (Electron only). Everything the user picks becomes an allowed root there.
import { dialog, type BrowserWindow } from 'electron'
import { PROJECT_EXT, type Pickers } from './fileService'

const MIDI = { name: 'MIDI files', extensions: ['mid', 'midi'] }
const WAV = { name: 'WAV audio', extensions: ['wav'] }
const PROJECT = { name: 'C-RNN-GAN Studio project', extensions: [PROJECT_EXT.slice(1)] }
const RUN = { name: 'C-RNN-GAN run', extensions: ['crnnrun'] }
const FILTERS = { midi: MIDI, project: PROJECT, run: RUN, audio: WAV }

/** Pickers backed by `dialog.show*Dialog`, modal to `win()`. */
export function electronPickers(win: () => BrowserWindow | null): Pickers {
  return {
    async chooseImport(mode) {
      const w = win()
      const opts: Electron.OpenDialogOptions = {
        title: mode === 'folder' ? 'Import a folder of MIDI files' : 'Import MIDI files',
        properties:
          mode === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
        filters: mode === 'files' ? [MIDI] : undefined,
      }
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts)
      return r.canceled ? [] : r.filePaths
    },
    async openFile(kind) {
      const w = win()
      const opts: Electron.OpenDialogOptions = {
        properties: ['openFile'],
        filters: [FILTERS[kind]],
      }
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts)
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]
    },
    async saveFile(kind, suggestedName) {
      const w = win()
      const opts: Electron.SaveDialogOptions = {
        defaultPath: suggestedName,
        filters: [FILTERS[kind]],
      }
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts)
      return r.canceled || !r.filePath ? null : r.filePath
    },
  }
}
